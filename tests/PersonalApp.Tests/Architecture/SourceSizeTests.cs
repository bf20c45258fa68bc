namespace PersonalApp.Tests.Architecture;

/// <summary>A newcomer can read any one file of the product: none is over 400 lines.</summary>
public sealed class SourceSizeTests
{
    private const int MaxLines = 400;

    [Fact]
    public void SourceFiles_UnderSrcAndSamples_AreAtMost400Lines()
    {
        var root = FindRoot();
        var tooLong = new[] { "src", "samples" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => (Path: Path.GetRelativePath(root, path), Lines: File.ReadLines(path).Count()))
            .Where(file => file.Lines > MaxLines)
            .Select(file => $"{file.Path}: {file.Lines} lines")
            .ToList();

        Assert.True(tooLong.Count == 0, $"Split these by job (at most {MaxLines} lines a file):\n" + string.Join("\n", tooLong));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PersonalApp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("PersonalApp.sln was not found above " + AppContext.BaseDirectory);
    }
}
