using PersonalApp.Isolation;
using Xunit;

namespace PersonalApp.Tests.Isolation;

public sealed class StaleWorkFoldersTests : IDisposable
{
    private readonly string _parent = Path.Combine(Path.GetTempPath(), "personalapp-stale-tests-" + Guid.NewGuid().ToString("N"));

    public StaleWorkFoldersTests() => Directory.CreateDirectory(_parent);

    [Fact]
    public void Clean_FolderOfAProcessThatIsGone_IsDeleted()
    {
        var gone = Directory.CreateDirectory(Path.Combine(_parent, StaleWorkFolders.Prefix + int.MaxValue + "-abcdef")).FullName;
        File.WriteAllText(Path.Combine(gone, "PersonalApp.Worker.dll"), "image");

        var deleted = StaleWorkFolders.Clean(_parent);

        Assert.Equal(1, deleted);
        Assert.False(Directory.Exists(gone));
    }

    [Fact]
    public void Clean_FoldersOfThisProcessAndOfOthers_AreKept()
    {
        var mine = Directory.CreateDirectory(StaleWorkFolders.NewFolder(_parent)).FullName;
        var other = Directory.CreateDirectory(Path.Combine(_parent, "someone-elses-" + int.MaxValue)).FullName;
        var unparsable = Directory.CreateDirectory(Path.Combine(_parent, StaleWorkFolders.Prefix + "behaviour-abc")).FullName;

        var deleted = StaleWorkFolders.Clean(_parent);

        Assert.Equal(0, deleted);
        Assert.True(Directory.Exists(mine));
        Assert.True(Directory.Exists(other));
        Assert.True(Directory.Exists(unparsable));
    }

    [Fact]
    public void Clean_FolderOfALiveProcess_IsKept()
    {
        using var parent = System.Diagnostics.Process.GetProcessById(1);
        var live = Directory.CreateDirectory(Path.Combine(_parent, StaleWorkFolders.Prefix + "1-abcdef")).FullName;

        StaleWorkFolders.Clean(_parent);

        // Process 1 started long before the folder was written: it could own it, so it is left alone.
        Assert.True(Directory.Exists(live));
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
