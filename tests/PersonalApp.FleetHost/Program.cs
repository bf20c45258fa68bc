// One node of a test fleet. Usage: PersonalApp.FleetHost <connection string> <schema> <node folder>
// PERSONALAPP_FLEET_PLACEMENT (Auto, InProcess or Isolated; default Auto) sets DefaultPlacement, so the propagation figures
// can be taken for either placement whether or not bubblewrap works on the machine.
// Reads one command per line on stdin and answers one line on stdout: "ok ..." or "error <id> <message>".
//   request <user> <plugin|-> <wish...>   a new pending version (a change request when a plugin is named)
//   approve <plugin> <version>            -> ok <utc ticks before the call> <utc ticks after it>
//   revoke <plugin>
//   hold-apply <release file>             the next catalog Apply creates <file>.<pid>.held, then waits until <file> exists (two admins clicking at one moment)
//   wait <plugin> <version|none> <ms>     polls until that version is live and callable here -> ok <utc ticks when seen>
//   live <user>                           -> ok plugin@version,...
//   quit
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalApp;
using PersonalApp.Catalog;
using PersonalApp.FleetHost;
using PersonalApp.PostgreSql;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

var (connectionString, schema, folder) = (args[0], args[1], args[2]);
Directory.CreateDirectory(folder);
const string Source = """
    namespace KioskPlugins;

    public sealed class FleetRule : ITicketPricingRule
    {
        public string Name => "Weekday groups of more than 10: 20% off";

        public PriceAdjustment? Apply(TicketOrder order)
            => order.GroupSize > 10 ? new PriceAdjustment(decimal.Round(order.ListTotal * 0.20m, 2), Name) : null;
    }
    """;

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Services.AddChatClient(new ScriptedChatClient { Fallback = _ => "```csharp\n" + Source + "\n```" });
builder.Services
    .AddPersonalization(o =>
    {
        o.StorePath = Path.Combine(folder, "unused.db");
        o.PluginDirectory = Path.Combine(folder, "plugins");

        // The tests time propagation, not calls: a generous call limit, so a first call on a busy machine never times out.
        o.Sandbox.Limits.Timeout = TimeSpan.FromSeconds(10);
        if (Environment.GetEnvironmentVariable("PERSONALAPP_FLEET_PLACEMENT") is { Length: > 0 } placement)
        {
            o.DefaultPlacement = Enum.Parse<PlacementDefault>(placement, ignoreCase: true);
        }
    })
    .AddExtensionPoint<ITicketPricingRule>()
    .UsePostgres(connectionString, o => o.Schema = schema);
builder.Services.AddSingleton<HeldApply>();
builder.Services.AddSingleton<PostgresPluginCatalog>();
builder.Services.Replace(ServiceDescriptor.Singleton<IPluginCatalog>(sp => new HoldingCatalog(sp.GetRequiredService<PostgresPluginCatalog>(), sp.GetRequiredService<HeldApply>())));

using var host = builder.Build();
await host.StartAsync();
var personalizer = host.Services.GetRequiredService<IPersonalizer>();
var approvals = host.Services.GetRequiredService<IPluginApprovals>();
var features = host.Services.GetRequiredService<IPersonalFeatures>();
var held = host.Services.GetRequiredService<HeldApply>();
Console.Out.WriteLine($"ready {Environment.ProcessId}");
Console.Out.Flush();

while (Console.In.ReadLine() is { } line)
{
    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (parts.Length == 0)
    {
        continue;
    }

    string answer;
    try
    {
        answer = parts[0] switch
        {
            "request" => await Request(parts[1], parts[2], string.Join(' ', parts[3..])),
            "approve" => await Approve(parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)),
            "revoke" => await Revoke(parts[1]),
            "hold-apply" => Hold(parts[1]),
            "wait" => await Wait(parts[1], parts[2], int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture)),
            "live" => "ok " + string.Join(',', features.GetAll<ITicketPricingRule>(parts[1]).Select(f => $"{f.Key.PluginId}@{f.Key.Version}")),
            "quit" => "bye",
            _ => "error unknown-command " + parts[0],
        };
    }
    catch (PersonalizationException ex)
    {
        answer = $"error {ex.DiagnosticId} {ex.Message.ReplaceLineEndings(" ")}";
    }

    Console.Out.WriteLine(answer);
    Console.Out.Flush();
    if (answer == "bye")
    {
        break;
    }
}

await host.StopAsync();
return 0;

async Task<string> Request(string user, string plugin, string wish)
{
    var result = await personalizer.RequestAsync(new PersonalizationRequest(user, wish) { PluginId = plugin == "-" ? null : plugin, ReuseExisting = false });
    return result.Plugin is { } key ? $"ok {key.PluginId} {key.Version}" : "error " + string.Join("; ", result.Diagnostics);
}

async Task<string> Approve(string plugin, int version)
{
    var before = DateTimeOffset.UtcNow.UtcTicks;
    await approvals.ApproveAsync(new PluginVersionKey(plugin, version), "admin-" + Environment.ProcessId, "fleet test");
    return $"ok {before} {DateTimeOffset.UtcNow.UtcTicks}";
}

async Task<string> Revoke(string plugin)
{
    await approvals.RevokeAsync(plugin, "admin-" + Environment.ProcessId, "fleet test");
    return "ok";
}

string Hold(string releaseFile)
{
    held.ReleaseFile = releaseFile;
    return "ok";
}

async Task<string> Wait(string plugin, string version, int timeoutMs)
{
    var deadline = DateTimeOffset.UtcNow.AddMilliseconds(timeoutMs);
    var wanted = version == "none" ? (int?)null : int.Parse(version, System.Globalization.CultureInfo.InvariantCulture);
    while (DateTimeOffset.UtcNow < deadline)
    {
        // The plugin's owner is "anna" in every fleet test; "callable" means a call through the sandbox completes.
        var feature = features.GetAll<ITicketPricingRule>("anna").FirstOrDefault(f => f.Key.PluginId == plugin);
        if (wanted is null ? feature is null : feature?.Key.Version == wanted && Callable(feature))
        {
            return $"ok {DateTimeOffset.UtcNow.UtcTicks}";
        }

        await Task.Delay(1);
    }

    return "timeout " + string.Join(',', features.GetAll<ITicketPricingRule>("anna").Select(f => $"{f.Key.PluginId}@{f.Key.Version}"));
}

// A call that fails (its worker replaced meanwhile, say) means "not callable yet": the wait goes on.
static bool Callable(PersonalFeature<ITicketPricingRule> feature)
{
    try
    {
        return feature.Instance.Name.Length > 0;
    }
    catch (PersonalizationException)
    {
        return false;
    }
}
