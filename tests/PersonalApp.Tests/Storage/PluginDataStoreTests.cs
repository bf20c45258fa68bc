using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Sqlite;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Storage;

public sealed class PluginDataStoreTests : IDisposable
{
    private static readonly StorageQuota Quota = new(MaxValueBytes: 100, MaxBytes: 200, MaxKeys: 10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Keys_PrefixWithLikeWildcards_MatchesThemLiterally()
    {
        var data = Create();
        data.Set("p", "u", "50%_a", "1", Quota, Wait);
        data.Set("p", "u", "50xya", "2", Quota, Wait);
        data.Set("p", "u", "5", "3", Quota, Wait);

        Assert.Equal(["50%_a"], data.Keys("p", "u", "50%_", 10));
        Assert.Equal(["5", "50%_a", "50xya"], data.Keys("p", "u", string.Empty, 10));
    }

    [Fact]
    public void Set_ByteQuotaCountsMultiByteCharactersAsTheirUtf8Length()
    {
        var data = Create();

        var problem = data.Set("p", "u", "k", new string('é', 60), Quota, Wait);

        Assert.NotNull(problem);
        Assert.Contains("120 bytes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_ReplacingAValue_CountsOnlyTheNewOneAgainstTheTotal()
    {
        var data = Create();
        Assert.Null(data.Set("p", "u", "a", new string('x', 90), Quota, Wait));
        Assert.Null(data.Set("p", "u", "b", new string('x', 90), Quota, Wait));

        Assert.Null(data.Set("p", "u", "a", new string('y', 90), Quota, Wait));
        Assert.NotNull(data.Set("p", "u", "c", new string('x', 90), Quota, Wait));
        Assert.Equal((2, 182L), data.Size("p", "u"));
    }

    [Fact]
    public void Increment_MissingKey_StartsFromZeroAndOtherPluginsAndUsersAreApart()
    {
        var data = Create();

        Assert.Equal((3L, null), data.Increment("p", "u", "n", 3, Quota, Wait));
        Assert.Equal((1L, null), data.Increment("p", "other", "n", 1, Quota, Wait));
        Assert.Equal((1L, null), data.Increment("q", "u", "n", 1, Quota, Wait));
        Assert.Equal((-2L, null), data.Increment("p", "u", "n", -5, Quota, Wait));
        Assert.Equal("-2", data.Get("p", "u", "n"));
    }

    private SqlitePluginDataStore Create()
        => new(new SqlitePluginCatalog(Options.Create(new PersonalizationOptions { StorePath = _directory.StorePath }), TimeProvider.System));
}
