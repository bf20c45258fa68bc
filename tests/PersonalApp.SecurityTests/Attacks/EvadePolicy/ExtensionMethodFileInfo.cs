// Attack: Reads the secret file through an extension method on System.IO.FileInfo, called like an instance method (second top-level type: extension methods need a top-level static class).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.IO;

public sealed class ExtensionMethodFileInfo : IProbe
{
    public string Run(ProbeInput input)
        => new FileInfo(Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE") ?? input.Text).Slurp();
}

internal static class FileInfoExtensions
{
    public static string Slurp(this FileInfo file) => File.ReadAllText(file.FullName);
}
