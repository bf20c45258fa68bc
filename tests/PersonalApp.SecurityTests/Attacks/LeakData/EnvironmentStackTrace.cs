// Attack: Reads the host's call stack (its method names, source paths and lines) from Environment.StackTrace and an exception's StackTrace.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class EnvironmentStackTrace : IProbe
{
    public string Run(ProbeInput input)
    {
        string caught;
        try
        {
            throw new InvalidOperationException(input.Text);
        }
        catch (InvalidOperationException e)
        {
            caught = e.StackTrace ?? "";
        }

        return Environment.StackTrace + "\n---\n" + caught;
    }
}
