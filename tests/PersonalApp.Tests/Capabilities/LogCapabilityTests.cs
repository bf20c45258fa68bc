using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PersonalApp.Capabilities;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Capabilities;

/// <summary>The log capability writes to the host's logger, tagged and cleaned, and drops what goes past its rate.</summary>
public sealed class LogCapabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Information_PastTheRate_WritesUpToTheRateDropsTheRestAndCountsThem()
    {
        var logs = new CollectingLoggerProvider();
        var source = """
            namespace KioskPlugins;

            [UsesCapabilities("log")]
            public sealed class ChattyRule : ITicketPricingRule
            {
                public string Name => "chatty";

                public PriceAdjustment? Apply(TicketOrder order)
                {
                    var log = PluginContext.Current.Require<IPluginLog>();
                    for (var i = 1; i <= 5; i++)
                    {
                        log.Information("order seen\nFAKE LINE " + i);
                    }

                    log.Warning("too late");
                    return null;
                }
            }
            """;
        await using var host = await TestHost.StartAsync(
            _directory.StorePath,
            new ScriptedChatClient().Reply(PluginSources.Answer(source)),
            o => o.Capabilities.LogMaxMessagesPerMinute = 3,
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var key = await host.RequestAndApproveAsync("anna", "log every order", [CapabilityNames.Log]);

        Assert.Single(host.Rules("anna")).Instance.Apply(TestOrders.WeekdayGroup());

        var written = logs.Messages.Where(m => m.StartsWith("PersonalApp.Plugins:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [$"PersonalApp.Plugins: Plugin {key} (anna): order seen FAKE LINE 1", $"PersonalApp.Plugins: Plugin {key} (anna): order seen FAKE LINE 2", $"PersonalApp.Plugins: Plugin {key} (anna): order seen FAKE LINE 3"],
            written);
        var usage = Assert.Single(await host.Approvals.GetCapabilityUsageAsync(key.PluginId));
        Assert.Equal((3L, 3L), (usage.Uses, usage.Refused));
    }

    [Fact]
    public void Clean_LongMessageWithControlCharacters_IsOneLineOfAtMostTheLimit()
    {
        var cleaned = LogCapability.Clean("a\r\nb\tc" + new string('x', 2000));

        Assert.StartsWith("a  b c", cleaned, StringComparison.Ordinal);
        Assert.Equal(LogCapability.MaxMessageLength + 1, cleaned.Length);
        Assert.DoesNotContain(cleaned, char.IsControl);
    }
}
