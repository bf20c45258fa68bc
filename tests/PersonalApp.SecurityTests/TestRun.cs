namespace PersonalApp.SecurityTests;

/// <summary>
/// This test run's id and its temp folder. Hosts that start workers put their work folders under it, so the worker
/// processes of this run (their command lines name the folder) can be told from any other run's on the same machine.
/// </summary>
internal static class TestRun
{
    public static string Id { get; } = Guid.NewGuid().ToString("N")[..12];

    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "personalapp-test-run-" + Id);

    /// <summary>A new folder of this run, named after what uses it.</summary>
    public static string Folder(string name) => Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
}
