using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;
using PersonalApp.Views;
using TicketKiosk.Contracts;
using Xunit;

namespace PersonalApp.Tests.Views;

/// <summary>A contract that returns a view: the model is told the vocabulary, the sandbox admits it, the library checks its size.</summary>
public sealed class PluginViewTests : IAsyncLifetime
{
    private const string Report = """
        using System.Globalization;
        using PersonalApp.Views;
        namespace Kiosk;
        public sealed class HourlyView : IDailyReportView
        {
            public string Title => "Sales by hour";

            public PluginView Build(IReadOnlyList<TicketSale> sales)
            {
                var hours = sales.GroupBy(s => s.SoldAt.Hour).OrderBy(g => g.Key).ToList();
                var labels = hours.Select(g => g.Key.ToString("00", CultureInfo.InvariantCulture) + ":00").ToList();
                var rows = hours.Count > 1 ? 600 : hours.Count;
                return new PluginView(Title,
                [
                    new TableBlock([new TableColumn("Hour"), new TableColumn("Paid", ColumnKind.Money)],
                        [.. Enumerable.Range(0, rows).Select(i => (IReadOnlyList<string>)[labels[i % labels.Count], hours[i % hours.Count].Sum(s => s.Paid).ToString("0.00", CultureInfo.InvariantCulture)])]),
                    new ChartBlock(ChartKind.Bar, "Tickets", labels, [new ChartSeries("Tickets", [.. hours.Select(g => (double)g.Count())])]),
                ]);
            }
        }
        """;

    private readonly TempDirectory _directory = new();
    private readonly ScriptedChatClient _model = new();
    private IHost? _host;

    public async Task InitializeAsync()
    {
        _model.Fallback = _ => "```csharp\n" + Report + "\n```";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddChatClient(_model);
        builder.Services.AddPersonalization(o =>
        {
            o.StorePath = _directory.StorePath;
            o.WarmUpCompiler = false;
            o.VerifyCandidates = false;
            o.DefaultPlacement = PlacementDefault.InProcess;
        }).AddExtensionPoint<IDailyReportView>();
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Invoke_PluginReturningAView_IsCheckedAgainstTheLimits()
    {
        var result = await _host!.Services.GetRequiredService<IPersonalizer>().RequestAsync("anna", "the day's sales by hour as a table and a chart");
        Assert.True(result.IsPendingApproval, result.ToString());
        await _host.Services.GetRequiredService<IPluginApprovals>().ApproveAsync(result.Plugin!.Value, "manager");
        var feature = _host.Services.GetRequiredService<IPersonalFeatures>().GetAll<IDailyReportView>("anna").Single();
        var order = new TicketOrder(new DateOnly(2026, 12, 1), 2, 0, 0, 20m, 10m, 12m);

        var small = feature.Invoke(v => v.Build([new TicketSale(new DateTime(2026, 12, 1, 9, 5, 0), order, 40m)]));
        var large = feature.Invoke(v => v.Build([new TicketSale(new DateTime(2026, 12, 1, 9, 5, 0), order, 40m), new TicketSale(new DateTime(2026, 12, 1, 10, 5, 0), order, 40m)]));

        Assert.True(small.IsCompleted, small.Message);
        Assert.Equal("40.00", ((TableBlock)small.Value!.Blocks[0]).Rows[0][1]);
        Assert.Equal(PluginOutcomeKind.Faulted, large.Kind);
        Assert.StartsWith("PA0806", large.Message, StringComparison.Ordinal);
        var prompt = string.Join("\n", _model.Calls[0].Select(m => m.Text));
        Assert.Contains("new TableBlock(", prompt, StringComparison.Ordinal);
    }
}
