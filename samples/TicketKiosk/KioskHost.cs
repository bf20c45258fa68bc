using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalApp;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using TicketKiosk.Contracts;

namespace TicketKiosk;

/// <summary>The kiosk's host: the chat client, PersonalApp with the kiosk's two extension points, and nothing else.</summary>
internal sealed class KioskHost : IAsyncDisposable
{
    private readonly IHost _host;

    private KioskHost(IHost host) => _host = host;

    public IPersonalizer Personalizer => _host.Services.GetRequiredService<IPersonalizer>();

    public IPluginApprovals Approvals => _host.Services.GetRequiredService<IPluginApprovals>();

    public IPersonalFeatures Features => _host.Services.GetRequiredService<IPersonalFeatures>();

    public PersonalApp.Isolation.IPluginIsolation Isolation => _host.Services.GetRequiredService<PersonalApp.Isolation.IPluginIsolation>();

    public static async Task<KioskHost> StartAsync(string dataDirectory, IChatClient model, bool isolated, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddChatClient(model);
        builder.Services
            .AddPersonalization(options =>
            {
                options.StorePath = Path.Combine(dataDirectory, "kiosk.db");

                // --isolated: approved rules and reports run in worker processes (the security boundary), not in the kiosk.
                options.DefaultPlacement = isolated ? PlacementDefault.Isolated : PlacementDefault.InProcess;
            })
            .AddExtensionPoint<ITicketPricingRule>(ep =>
            {
                ep.AddExample(KioskExamples.PricingWish, KioskExamples.PricingSource);

                // The kiosk's own rule for every pricing rule: whatever it does, it never takes off more than the tickets cost.
                ep.AddAcceptanceCheck("never discounts more than the list total", rule =>
                    rule.Apply(new TicketOrder(new DateOnly(2026, 12, 1), 12, 3, 2, 20m, 10m, 12m)) is not { } adjustment
                    || adjustment.Amount <= 294m);
            })
            .AddExtensionPoint<ISalesReport>(ep => ep.AddExample(KioskExamples.ReportWish, KioskExamples.ReportSource))
            .AddExtensionPoint<IDailyReportView>();
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new KioskHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
