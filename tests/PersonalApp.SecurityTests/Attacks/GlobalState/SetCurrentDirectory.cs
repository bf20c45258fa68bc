// Attack: Changes the host's working directory with Directory.SetCurrentDirectory, so every relative path the host uses now points elsewhere.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.IO;

public sealed class SetCurrentDirectory : IProbe
{
    public string Run(ProbeInput input)
    {
        Directory.SetCurrentDirectory(Path.GetTempPath());
        return Directory.GetCurrentDirectory();
    }
}
