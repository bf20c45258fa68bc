namespace PersonalApp.SecurityTests;

/// <summary>Secrets planted where attacks look for them: an environment variable, a file, and a private field of a host object.</summary>
public sealed class PlantedSecrets : IDisposable
{
    public const string VariableName = "PERSONALAPP_PLANTED_SECRET";
    public const string FileVariableName = "PERSONALAPP_PLANTED_SECRET_FILE";

    public PlantedSecrets()
    {
        Value = "PLANTED-" + Guid.NewGuid().ToString("N");
        Folder = Path.Combine(Path.GetTempPath(), "personalapp-secrets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "secret.txt");
        File.WriteAllText(FilePath, Value);
        Environment.SetEnvironmentVariable(VariableName, Value);
        Environment.SetEnvironmentVariable(FileVariableName, FilePath);
    }

    public string Value { get; }

    public string Folder { get; }

    public string FilePath { get; }

    public bool FoundIn(string? text) => text is not null && text.Contains(Value, StringComparison.Ordinal);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(VariableName, null);
        Environment.SetEnvironmentVariable(FileVariableName, null);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
