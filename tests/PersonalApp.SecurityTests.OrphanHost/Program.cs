using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.Sandbox;
using PersonalApp.SecurityTests.Contracts;
using PersonalApp.Testing;

// A host that starts isolated workers and then waits to be killed: the worker-lifetime tests kill it with SIGKILL
// (no shutdown code runs) and check that its workers end too.
//   args: <work folder> <Never|Required> [busy]
// "busy" also approves an isolated plugin, with the in-process layers off, that starts a foreground thread which
// never ends and then spins, and calls it: that worker is inside a plugin call and would not end when its channel
// closes (a foreground thread keeps a .NET process alive).
// Prints "ready <mode>" once the workers are up (and the call has started).
var folder = args[0];
var bubblewrap = Enum.Parse<SandboxRequirement>(args[1]);
var busy = args.Length > 2 && args[2] == "busy";

const string Spin = """
    using PersonalApp.SecurityTests.Contracts;
    namespace Probes;
    public sealed class Spin : IIsolatedProbe
    {
        public string Run(ProbeRequest request)
        {
            new System.Threading.Thread(() => System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite)) { IsBackground = false }.Start();
            long n = 0;
            while (n >= 0) { n++; }
            return n.ToString();
        }
    }
    """;

var model = new ScriptedChatClient { Fallback = _ => "```csharp\n" + Spin + "\n```" };
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Services.AddChatClient(model);
builder.Services
    .AddPersonalization(o =>
    {
        o.StorePath = Path.Combine(folder, "orphan.db");
        o.MaxRepairRounds = 0;
        o.WarmUpCompiler = false;
        o.ReuseApprovedPlugins = false;
        o.DefaultPlacement = PlacementDefault.Isolated;
        o.Sandbox.InProcessLayersEnabled = !busy;
        o.Isolation.Bubblewrap = bubblewrap;
        o.Isolation.PoolSize = 2;
        o.Isolation.WorkDirectory = Path.Combine(folder, "isolation");
    })
    .AddExtensionPoint<IIsolatedProbe>(ep => ep.Limits = new SandboxLimits { Timeout = TimeSpan.FromMinutes(10), MaxOperations = 10_000_000_000 });
using var host = builder.Build();
await host.StartAsync();
var isolation = host.Services.GetRequiredService<IPluginIsolation>();

if (busy)
{
    var result = await host.Services.GetRequiredService<IPersonalizer>().RequestAsync(new PersonalizationRequest("orphan", "spin"));
    await host.Services.GetRequiredService<IPluginApprovals>().ApproveAsync(result.Plugin!.Value, new ApprovalDecision("orphan-host") { Placement = PluginPlacement.Isolated });
    var feature = host.Services.GetRequiredService<IPersonalFeatures>().GetAll<IIsolatedProbe>("orphan").Single();
    _ = Task.Run(() => feature.Invoke(p => p.Run(new ProbeRequest("spin", 1))));
    await Task.Delay(TimeSpan.FromSeconds(1));
}

for (var i = 0; i < 600 && isolation.Report.WorkersAlive < 1; i++)
{
    await Task.Delay(100);
}

Console.WriteLine($"ready {isolation.Report.Mode}");
await Task.Delay(Timeout.Infinite);
