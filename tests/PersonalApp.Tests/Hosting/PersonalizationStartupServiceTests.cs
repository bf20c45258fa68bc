using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Hosting;

public sealed class PersonalizationStartupServiceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task StartAsync_NoChatClientRegistered_ThrowsPA0701MentioningAddChatClient()
    {
        using var host = TestHost.Build(_directory.StorePath, model: null);

        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.StartAsync());

        Assert.Equal("PA0701", ex.DiagnosticId);
        Assert.Contains("AddChatClient", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_StoreIsNotADatabase_ThrowsPA0601AndLeavesTheFileUnchanged()
    {
        const string Text = "shopping list: milk, bread\n";
        File.WriteAllText(_directory.StorePath, Text);
        using var host = TestHost.Build(_directory.StorePath, new ScriptedChatClient());

        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.StartAsync());

        Assert.Equal("PA0601", ex.DiagnosticId);
        Assert.Contains("PersonalizationOptions.StorePath", ex.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(Text, File.ReadAllText(_directory.StorePath));
    }

    [Fact]
    public async Task StartAsync_GoodConfiguration_CreatesTheStore()
    {
        var storePath = _directory.Combine("new", "personalapp.db");
        using var host = TestHost.Build(storePath, new ScriptedChatClient());

        await host.StartAsync();

        Assert.True(File.Exists(storePath));
        Assert.Equal(0x50415031L, RawSql.Scalar(storePath, "PRAGMA application_id"));
        await host.StopAsync();
    }
}
