// Attack: Maps the host's file system with Directory.GetFiles("/") and Directory.GetDirectories("/").
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.IO;

public sealed class DirectoryListRoot : IProbe
{
    public string Run(ProbeInput input)
        => string.Join('\n', Directory.GetFiles("/")) + '\n' + string.Join('\n', Directory.GetDirectories("/"));
}
