// Attack: Lets a forbidden type in only as a generic type argument (new List<System.IO.FileInfo>) and lists the file system through it.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Collections.Generic;
using System.Linq;

public sealed class GenericTypeArgumentForbidden : IProbe
{
    public string Run(ProbeInput input)
    {
        var files = new List<System.IO.FileInfo>(new System.IO.DirectoryInfo("/").EnumerateFiles());
        return string.Join('\n', files.Select(f => f.FullName));
    }
}
