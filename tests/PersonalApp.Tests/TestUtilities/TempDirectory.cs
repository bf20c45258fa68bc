using Microsoft.Data.Sqlite;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>A fresh folder under the system temp folder, deleted (with SQLite's pooled handles released first) on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "personalapp-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Gets the path of the store file tests use by default.</summary>
    public string StorePath => Combine("personalapp.db");

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        // Pooled connections keep the database files open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless and must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
