namespace PersonalApp.SecurityTests;

/// <summary>Finds the repository's root (the folder holding PersonalApp.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PersonalApp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("PersonalApp.sln was not found above " + AppContext.BaseDirectory);
    }
}
