// Attack: Reads the secret in a C# 14 user-defined instance compound assignment operator (operator +=), new syntax a policy walker may not know.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class CompoundAssignmentOperator : IProbe
{
    public string Run(ProbeInput input)
    {
        var bag = new Bag();
        bag += "PERSONALAPP_PLANTED_SECRET";
        return bag.Content;
    }

    private sealed class Bag
    {
        public string Content { get; private set; } = "";

        public void operator +=(string name) => Content += Environment.GetEnvironmentVariable(name);
    }
}
