using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PersonalApp.Approvals;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Runtime;
using PersonalApp.Storage;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// Scale: a store with many active plugins (distinct small rules, ten per user), loaded at start-up by a fresh host; then
/// the memory each plugin costs, the time to find one user's features, and the start-up time. Beside them, the plain way
/// in another fresh process: read the same DLLs from the store, load each into its own collectible AssemblyLoadContext,
/// and keep the instances in a dictionary by user.
/// </summary>
internal static class ScaleHarness
{
    public const string PersonalAppChild = "scale-personalapp";
    public const string PlainChild = "scale-plain";
    public const int PluginsPerUser = 10;

    private const string Probe = "user-0007";

    public static void Run(RunMode mode, ResultTable table)
    {
        var directory = BenchHost.NewDirectory();
        try
        {
            var seeding = Stopwatch.GetTimestamp();
            Seed(directory, mode.ScalePlugins);
            Console.WriteLine($"Seeded {mode.ScalePlugins} active plugins in {ResultTable.Time(Stats.MillisecondsSince(seeding))}.");
            var personalApp = ChildProcess.Run(PersonalAppChild, directory, mode.ScalePlugins.ToString(CultureInfo.InvariantCulture));
            var plain = ChildProcess.Run(PlainChild, directory, mode.ScalePlugins.ToString(CultureInfo.InvariantCulture));
            var count = ResultTable.Count(mode.ScalePlugins);

            table.Add("scale", $"start-up: load {count} active plugins from the store", ResultTable.Time(personalApp["startMs"]), $"ALC per DLL from the store {ResultTable.Time(plain["startMs"])}", personalApp["startMs"] / plain["startMs"]);
            table.Add("scale", "memory per plugin, managed heap", ResultTable.Kilobytes(personalApp["managedKbPerPlugin"]), $"ALC per DLL {ResultTable.Kilobytes(plain["managedKbPerPlugin"])}", personalApp["managedKbPerPlugin"] / plain["managedKbPerPlugin"]);
            table.Add("scale", "memory per plugin, working set", ResultTable.Kilobytes(personalApp["workingSetKbPerPlugin"]), $"ALC per DLL {ResultTable.Kilobytes(plain["workingSetKbPerPlugin"])}", personalApp["workingSetKbPerPlugin"] / plain["workingSetKbPerPlugin"]);
            table.Add("scale", $"IPersonalFeatures.GetAll for one user ({PluginsPerUser} of the {count})", ResultTable.Time(personalApp["getAllMs"]), $"Dictionary lookup + list copy {ResultTable.Time(personalApp["dictionaryMs"])}", personalApp["getAllMs"] / personalApp["dictionaryMs"]);
            table.Note($"Scale: {count} distinct small rules, {PluginsPerUser} per user, each side loaded by a fresh process; memory per plugin is the growth from before start-up to after it (full compacting collections) divided by {count}, so it includes start-up's fixed costs spread over them. GetAll is the median of batches of calls for one user.");
        }
        finally
        {
            BenchHost.DeleteDirectory(directory);
        }
    }

    /// <summary>Compiles the rules through the real compiler and stores them as approved, as a long-running host's catalog would be.</summary>
    private static void Seed(string directory, int plugins)
    {
        var options = Options.Create(new PersonalizationOptions { StorePath = BenchHost.StorePathIn(directory) });
        var store = new PluginStore(options, TimeProvider.System);
        store.EnsureOpen();
        var compiler = new PluginCompiler(options);
        var extensionPoint = new ExtensionPointRegistry().Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        Parallel.For(0, plugins, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var source = PluginFiles.SmallVariant(i);
            var pluginId = $"scale-{i:0000}";
            var requestId = Guid.NewGuid().ToString("N");
            var owner = User(i / PluginsPerUser);
            var wish = $"Rule number {i}";
            var compiled = compiler.Compile(source, extensionPoint, $"PersonalApp.Plugin.scale_{i:0000}", default);
            if (!compiled.Succeeded)
            {
                throw new InvalidOperationException($"Variant {i} does not compile: {string.Join("; ", compiled.Errors)}");
            }

            store.InsertRequest(requestId, owner, wish, extensionPoint.Name, pluginId);
            var key = store.InsertVersion(new NewPluginVersion(
                pluginId, requestId, extensionPoint.Name, typeof(ITicketPricingRule).FullName!, owner, wish, source, compiled.Plugin!, "seed", 0, 0, 0, []));
            store.Transition(key, [PluginStatus.PendingApproval], PluginStatus.Active, AuditActions.Approved, "bench-admin", "seeded");
        });
    }

    private static string User(int index) => $"user-{index:0000}";

    public static int RunPersonalAppChild(string[] arguments)
    {
        var directory = arguments[0];
        var plugins = int.Parse(arguments[1], CultureInfo.InvariantCulture);
        using var host = BenchHost.Build(directory, new FixedAnswerChatClient(string.Empty), warmUpCompiler: false);
        var before = MemorySnapshot.Take();
        var started = Stopwatch.GetTimestamp();
        host.StartAsync().GetAwaiter().GetResult();
        var startMs = Stats.MillisecondsSince(started);
        var runtime = host.Services.GetRequiredService<PluginRuntime>();
        if (runtime.ActiveCount != plugins)
        {
            throw new InvalidOperationException($"{runtime.ActiveCount} of {plugins} plugins loaded.");
        }

        var after = MemorySnapshot.Take();
        var features = host.Services.GetRequiredService<IPersonalFeatures>();
        if (features.GetAll<ITicketPricingRule>(Probe).Count != PluginsPerUser)
        {
            throw new InvalidOperationException($"{Probe} does not have {PluginsPerUser} features.");
        }

        var getAll = PerCall(() => features.GetAll<ITicketPricingRule>(Probe).Count);
        var byUser = Enumerable.Range(0, plugins / PluginsPerUser)
            .Select(User)
            .ToDictionary(u => u, u => features.GetAll<ITicketPricingRule>(u).Select(f => f.Instance).ToList(), StringComparer.Ordinal);
        var dictionary = PerCall(() => new List<ITicketPricingRule>(byUser[Probe]).Count);
        host.StopAsync().GetAwaiter().GetResult();

        ChildProcess.Report(new Dictionary<string, double>
        {
            ["startMs"] = startMs,
            ["managedKbPerPlugin"] = (after.ManagedBytes - before.ManagedBytes) / 1024.0 / plugins,
            ["workingSetKbPerPlugin"] = (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / plugins,
            ["getAllMs"] = getAll,
            ["dictionaryMs"] = dictionary,
        });
        return 0;
    }

    public static int RunPlainChild(string[] arguments)
    {
        var directory = arguments[0];
        var plugins = int.Parse(arguments[1], CultureInfo.InvariantCulture);
        var store = new PluginStore(Options.Create(new PersonalizationOptions { StorePath = BenchHost.StorePathIn(directory) }), TimeProvider.System);
        var before = MemorySnapshot.Take();
        var started = Stopwatch.GetTimestamp();
        store.EnsureOpen();
        var byUser = new Dictionary<string, List<ITicketPricingRule>>(StringComparer.Ordinal);
        var contexts = new List<System.Runtime.Loader.AssemblyLoadContext>();
        foreach (var version in store.List(PluginStatus.Active))
        {
            var image = store.GetImage(version.Key)!;
            var (rule, context) = PlainCompiler.Load<ITicketPricingRule>(image.Dll, version.TypeName);
            contexts.Add(context);
            if (!byUser.TryGetValue(version.Owner, out var rules))
            {
                byUser[version.Owner] = rules = [];
            }

            rules.Add(rule);
        }

        var startMs = Stats.MillisecondsSince(started);
        if (contexts.Count != plugins)
        {
            throw new InvalidOperationException($"{contexts.Count} of {plugins} plugins loaded.");
        }

        var after = MemorySnapshot.Take();
        GC.KeepAlive(byUser);
        ChildProcess.Report(new Dictionary<string, double>
        {
            ["startMs"] = startMs,
            ["managedKbPerPlugin"] = (after.ManagedBytes - before.ManagedBytes) / 1024.0 / plugins,
            ["workingSetKbPerPlugin"] = (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / plugins,
        });
        return 0;
    }

    /// <summary>The median time of one call, in milliseconds, over batches of calls after a warm-up.</summary>
    private static double PerCall(Func<int> call)
    {
        const int Batch = 20_000;
        var sink = 0;
        for (var i = 0; i < Batch; i++)
        {
            sink += call();
        }

        var batches = new List<double>();
        for (var b = 0; b < 15; b++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < Batch; i++)
            {
                sink += call();
            }

            batches.Add(Stats.MillisecondsSince(started) / Batch);
        }

        GC.KeepAlive(sink);
        return Stats.Median(batches);
    }
}
