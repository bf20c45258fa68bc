using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PersonalApp.Approvals;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Sqlite;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Capabilities;

/// <summary>Capability use is counted in memory and written in aggregate: one row per plugin version, capability and day.</summary>
public sealed class CapabilityUsageRecorderTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Flush_ManyUses_WritesOneRowPerPluginCapabilityAndDay()
    {
        var (recorder, usage) = Create();
        var rule = new PluginVersionKey("rule", 1);
        for (var i = 0; i < 500; i++)
        {
            recorder.Used(rule, CapabilityNames.Storage);
        }

        recorder.Refused(rule, CapabilityNames.Storage);
        recorder.Used(rule, CapabilityNames.Clock);
        _time.Advance(TimeSpan.FromHours(2));
        recorder.Used(rule, CapabilityNames.Storage);

        recorder.Flush();

        var rows = usage.List("rule");
        Assert.Equal(3, rows.Count);
        Assert.Contains(new CapabilityUsage(rule, CapabilityNames.Storage, new DateOnly(2026, 12, 1), 500, 1), rows);
        Assert.Contains(new CapabilityUsage(rule, CapabilityNames.Clock, new DateOnly(2026, 12, 1), 1, 0), rows);
        Assert.Contains(new CapabilityUsage(rule, CapabilityNames.Storage, new DateOnly(2026, 12, 2), 1, 0), rows);
    }

    [Fact]
    public void Flush_Twice_AddsToTheSameRows()
    {
        var (recorder, usage) = Create();
        var rule = new PluginVersionKey("rule", 1);
        recorder.Used(rule, CapabilityNames.Log);
        recorder.Flush();
        recorder.Used(rule, CapabilityNames.Log);
        recorder.Refused(rule, CapabilityNames.Log);

        recorder.Flush();
        recorder.Flush();

        Assert.Equal(new CapabilityUsage(rule, CapabilityNames.Log, new DateOnly(2026, 12, 1), 2, 1), Assert.Single(usage.List(null)));
    }

    [Fact]
    public async Task StopAsync_HostStops_WritesTheCountsNotYetWritten()
    {
        await using var host = await TestHost.StartAsync(
            _directory.StorePath,
            new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.OrderCounter)),
            o => o.Capabilities.UsageFlushInterval = TimeSpan.FromHours(1));
        var key = await host.RequestAndApproveAsync("anna", "count my orders", [CapabilityNames.Storage]);
        Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup());
        Assert.Equal(0L, RawSql.Scalar(host.StorePath, "SELECT COUNT(*) FROM capability_usage"));

        await host.DisposeAsync();

        Assert.Equal(1L, RawSql.Scalar(host.StorePath, "SELECT uses FROM capability_usage WHERE plugin_id = $id AND capability = 'storage'", ("$id", key.PluginId)));
    }

    private (CapabilityUsageRecorder Recorder, SqliteCapabilityUsageStore Usage) Create()
    {
        var store = new SqlitePluginCatalog(Options.Create(new PersonalizationOptions { StorePath = _directory.StorePath }), _time);
        var usage = new SqliteCapabilityUsageStore(store);
        return (new CapabilityUsageRecorder(usage, _time), usage);
    }
}
