using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using PersonalApp.Sqlite;
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
    public async Task StartAsync_RequestLeftRunningByAPreviousProcess_MarksItInterruptedWithAnAuditEntry()
    {
        var host = await TestHost.StartAsync(_directory.StorePath, new ScriptedChatClient());
        host.Store.InsertRequest("r-left-running", "anna", "20% off for groups", "TicketPricingRule", "ticketpricingrule-left");
        host = await host.RestartAsync();
        await using (host)
        {
            Assert.Equal("interrupted", RawSql.Scalar(_directory.StorePath, "SELECT status FROM requests WHERE id = 'r-left-running'"));
            var entry = Assert.Single(await host.Approvals.GetAuditLogAsync("ticketpricingrule-left"), e => e.Action == "request-interrupted");
            Assert.Contains("r-left-running", entry.Reason, StringComparison.Ordinal);
            Assert.Equal(0, host.Store.MarkInterruptedRequests());
        }
    }

    [Theory]
    [InlineData(5, "database is locked", "PA0603", "another process")]
    [InlineData(13, "database or disk is full", "PA0603", "Free space")]
    [InlineData(26, "file is not a database", "PA0601", "move it aside")]
    public void OpenFailed_SqliteError_SaysWhatItIsAndWhatToDo(int code, string message, string id, string advice)
    {
        var ex = PersonalApp.Sqlite.SqlitePluginCatalog.OpenFailed(new SqliteException(message, code), _directory.StorePath);

        Assert.Equal(id, ex.DiagnosticId);
        Assert.Contains(advice, ex.Message, StringComparison.Ordinal);
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
