namespace PersonalApp.SecurityTests;

/// <summary>One attack fixture: a real plugin source file whose header says what it tries and which layer should stop it.</summary>
public sealed record AttackCase(string Category, string Name, string Attack, string Expected, string Source)
{
    public const string Layer1 = "layer1";
    public const string Layer2 = "layer2";
    public const string Layer3 = "layer3";
    public const string Isolation = "isolation";

    public string Id => $"{Category}/{Name}";

    public static IReadOnlyList<AttackCase> LoadAll()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Attacks");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => Parse(Path.GetFileName(Path.GetDirectoryName(path)!), path))
            .ToList();
    }

    private static AttackCase Parse(string category, string path)
    {
        var source = File.ReadAllText(path);
        var lines = source.Split('\n');
        var attack = Header(lines, "// Attack:") ?? throw new InvalidDataException($"{path} has no '// Attack:' line.");
        var expected = Header(lines, "// Expect:") ?? throw new InvalidDataException($"{path} has no '// Expect:' line.");
        if (expected is not (Layer1 or Layer2 or Layer3 or Isolation))
        {
            throw new InvalidDataException($"{path}: '// Expect: {expected}' is not layer1, layer2, layer3 or isolation.");
        }

        return new AttackCase(category, Path.GetFileNameWithoutExtension(path), attack, expected, source);
    }

    private static string? Header(string[] lines, string prefix)
        => lines.Take(5).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();
}
