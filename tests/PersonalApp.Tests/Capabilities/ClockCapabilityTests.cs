using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PersonalApp.Capabilities;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Capabilities;

/// <summary>The clock capability reads the host's <see cref="TimeProvider"/>, not the machine's clock.</summary>
public sealed class ClockCapabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UtcNowLocalNowToday_HostWithAFakeClock_ReturnTheHostsTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("plus-two", TimeSpan.FromHours(2), "plus-two", "plus-two"));
        var source = """
            namespace KioskPlugins;

            [UsesCapabilities("clock")]
            public sealed class ClockRule : ITicketPricingRule
            {
                public string Name => "clock";

                public PriceAdjustment? Apply(TicketOrder order)
                {
                    var clock = PluginContext.Current.Require<IPluginClock>();
                    var culture = System.Globalization.CultureInfo.InvariantCulture;
                    return new PriceAdjustment(0m, clock.UtcNow.ToString("O", culture) + " " + clock.LocalNow.ToString("O", culture) + " " + clock.Today.ToString("yyyy-MM-dd", culture));
                }
            }
            """;
        await using var host = await TestHost.StartAsync(
            _directory.StorePath,
            new ScriptedChatClient().Reply(PluginSources.Answer(source)),
            services: s => s.AddSingleton<TimeProvider>(time));
        var key = await host.RequestAndApproveAsync("anna", "what time is it", [CapabilityNames.Clock]);

        var reason = Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup())!.Reason;

        Assert.Equal("2026-12-01T23:30:00.0000000+00:00 2026-12-02T01:30:00.0000000+02:00 2026-12-02", reason);
        var usage = Assert.Single(await host.Approvals.GetCapabilityUsageAsync(key.PluginId));
        Assert.Equal((CapabilityNames.Clock, 3L, new DateOnly(2026, 12, 1)), (usage.Capability, usage.Uses, usage.Day));
    }
}
