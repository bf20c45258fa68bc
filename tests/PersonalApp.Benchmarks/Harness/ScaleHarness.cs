using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PersonalApp.Approvals;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Benchmarks.Reporting;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Runtime;
using PersonalApp.Sandbox;
using PersonalApp.Sqlite;
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

    /// <summary>
    /// At most this many plugins are loaded in one process, on either side: each collectible load context takes about seven
    /// memory mappings, and Linux's default vm.max_map_count (65,530) ends the process (a fatal "Failed to create RW
    /// mapping") at about 9,000 contexts. A larger catalog still starts with all of them; only this many users' worth load.
    /// </summary>
    private const int MostLoaded = 4_000;
    private const int BreakdownSamples = 50;

    private static readonly (string Key, string Label)[] StartUpSteps =
    [
        ("readMs", "store: read the image (SQLite)"),
        ("shaMs", "SHA-256 of the DLL"),
        ("scanMs", "IL scan of the DLL"),
        ("writeMs", "for comparison: write the DLL and PDB to a folder (the runtime does only when PluginDirectory is set)"),
        ("plainMs", "new collectible AssemblyLoadContext, LoadFromStream, create the instance (the runtime's path)"),
        ("loaderMs", "for comparison, the old path: McMaster PluginLoader.CreateFromAssemblyFile"),
        ("loadMs", "… LoadDefaultAssembly (in memory)"),
        ("instanceMs", "… create the instance"),
        ("auditMs", "store: one audit entry (its own SQLite transaction)"),
        ("deactivateMs", "Deactivate one of the loaded plugins (rebuilds the per-user index, unloads)"),
    ];

    public static void Run(RunMode mode, ResultTable table)
    {
        // Start-up must stay flat as the catalog grows: the same figures at each size, side by side.
        IReadOnlyList<int> defaults = mode.IsQuick ? [100, mode.ScalePlugins] : [100, mode.ScalePlugins, 10 * mode.ScalePlugins];
        var sizes = mode.ScaleCounts ?? defaults;
        foreach (var plugins in sizes)
        {
            RunSize(plugins, Math.Min(plugins, mode.ScaleDistinctBuilds), breakdown: plugins == mode.ScalePlugins, table);
        }

        table.Note($"Scale: small rules ({ResultTable.Count(mode.ScaleDistinctBuilds)} distinct builds at most, each stored under several plugin ids and loaded into a context per plugin), {PluginsPerUser} per user, each side in a fresh process. Start-up is host start to serving (the runtime reads the catalog; each user's plugins load, with every check, on their first GetAll; one load per extension point warms the load path in the background, and the first GetAll is timed once it has); the plain side loads every DLL at start. Memory per loaded plugin is the growth from before start-up to after every user's first GetAll (full compacting collections) divided by the count, so it includes start-up's fixed costs spread over them. GetAll is the median of batches of calls for one user.");
    }

    private static void RunSize(int plugins, int distinctBuilds, bool breakdown, ResultTable table)
    {
        var directory = BenchHost.NewDirectory();
        try
        {
            var seeding = Stopwatch.GetTimestamp();
            Seed(directory, plugins, distinctBuilds);
            Console.WriteLine($"Seeded {plugins} active plugins ({distinctBuilds} distinct builds) in {ResultTable.Time(Stats.MillisecondsSince(seeding))}.");
            var personalApp = ChildProcess.Run(PersonalAppChild, directory, plugins.ToString(CultureInfo.InvariantCulture), breakdown ? "breakdown" : "no-breakdown");
            var plain = ChildProcess.Run(PlainChild, directory, plugins.ToString(CultureInfo.InvariantCulture));
            var count = ResultTable.Count(plugins);
            var loaded = Math.Min(plugins, MostLoaded);
            var plainTen = plain["startMs"] / loaded * PluginsPerUser;
            var plainStart = loaded == plugins ? "ALC per DLL, all loaded at start" : $"ALC per DLL, {ResultTable.Count(loaded)} of them loaded at start";
            var everyUser = loaded == plugins ? "every user's first GetAll (all loaded)" : $"the first GetAll of the users of {ResultTable.Count(loaded)} of them (all would exhaust the process's memory mappings)";

            table.Add("scale", $"{count} plugins: host start-up to serving", ResultTable.Time(personalApp["startMs"]), $"{plainStart} {ResultTable.Time(plain["startMs"])}", personalApp["startMs"] / plain["startMs"], "≤ 1 s", personalApp["startMs"] <= 1_000);
            table.Add("scale", $"{count} plugins: host start-up to the load path warmed (in the background, serving meanwhile)", ResultTable.Time(personalApp["warmMs"]), $"{plainStart} {ResultTable.Time(plain["startMs"])}", personalApp["warmMs"] / plain["startMs"]);
            table.Add("scale", $"{count} plugins: a user's first GetAll ({PluginsPerUser} plugins loaded, checked, audited)", ResultTable.Time(personalApp["firstGetAllMs"]), $"ALC per DLL × {PluginsPerUser} {ResultTable.Time(plainTen)}", personalApp["firstGetAllMs"] / plainTen, "≤ 60 ms", personalApp["firstGetAllMs"] <= 60);
            table.Add("scale", $"{count} plugins: {everyUser}", ResultTable.Time(personalApp["loadAllMs"]), $"{plainStart} {ResultTable.Time(plain["startMs"])}", personalApp["loadAllMs"] / plain["startMs"]);
            table.Add("scale", $"{count} plugins: memory per loaded plugin, managed heap", ResultTable.Kilobytes(personalApp["managedKbPerPlugin"]), $"ALC per DLL {ResultTable.Kilobytes(plain["managedKbPerPlugin"])}", personalApp["managedKbPerPlugin"] / plain["managedKbPerPlugin"]);
            table.Add("scale", $"{count} plugins: memory per loaded plugin, working set", ResultTable.Kilobytes(personalApp["workingSetKbPerPlugin"]), $"ALC per DLL {ResultTable.Kilobytes(plain["workingSetKbPerPlugin"])}", personalApp["workingSetKbPerPlugin"] / plain["workingSetKbPerPlugin"], "≤ 100 KB", personalApp["workingSetKbPerPlugin"] <= 100);
            table.Add("scale", $"{count} plugins: IPersonalFeatures.GetAll for one user ({PluginsPerUser} plugins), warm", ResultTable.Time(personalApp["getAllMs"]), $"Dictionary lookup + list copy {ResultTable.Time(personalApp["dictionaryMs"])}", personalApp["getAllMs"] / personalApp["dictionaryMs"]);
            if (breakdown)
            {
                StartUpBreakdown(personalApp, plugins, table);
            }
        }
        finally
        {
            BenchHost.DeleteDirectory(directory);
        }
    }

    /// <summary>
    /// Compiles the rules through the real compiler and stores them as approved, as a long-running host's catalog would be:
    /// one plugin per distinct build through the catalog's own calls (request, version, approval), then every other plugin
    /// as a copy of one of those rows under its own id, owner and wish, in one transaction (so 10,000 seed in seconds).
    /// </summary>
    internal static void Seed(string directory, int plugins, int distinctBuilds)
    {
        var options = Options.Create(new PersonalizationOptions { StorePath = BenchHost.StorePathIn(directory) });
        var store = new SqlitePluginCatalog(options, TimeProvider.System);
        store.EnsureOpen();
        var compiler = new PluginCompiler(options);
        var extensionPoint = new ExtensionPointRegistry().Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        // Recorded as generation records it, so start-up finds nothing to re-check (without it every plugin compiled again).
        var fingerprint = compiler.FingerprintOf(extensionPoint);
        var builds = new CompiledPlugin[distinctBuilds];
        Parallel.For(0, distinctBuilds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var compiled = compiler.Compile(PluginFiles.SmallVariant(i), extensionPoint, $"PersonalApp.Plugin.scale_{i:0000}", default);
            builds[i] = compiled.Plugin ?? throw new InvalidOperationException($"Variant {i} does not compile: {string.Join("; ", compiled.Errors)}");
        });

        Parallel.For(0, distinctBuilds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var pluginId = PluginId(i);
            var requestId = Guid.NewGuid().ToString("N");
            var owner = User(i / PluginsPerUser);
            var wish = $"Rule number {i}";
            store.InsertRequest(requestId, owner, wish, extensionPoint.Name, pluginId);
            var key = store.InsertVersion(new NewPluginVersion(
                pluginId, requestId, extensionPoint.Name, typeof(ITicketPricingRule).FullName!, owner, wish, PluginFiles.SmallVariant(i), builds[i], "seed", 0, 0, 0, []) { ContractFingerprint = fingerprint });
            new PluginLifecycle(store).Approve(key, "bench-admin", "seeded", [], PluginPlacement.InProcess);
        });

        CopyPlugins(BenchHost.StorePathIn(directory), plugins, distinctBuilds);
    }

    /// <summary>Stores plugins <paramref name="from"/> to <paramref name="plugins"/> - 1 as copies of the first ones' rows (request and version), in one transaction.</summary>
    private static void CopyPlugins(string storePath, int plugins, int from)
    {
        if (plugins <= from)
        {
            return;
        }

        using var connection = new SqliteConnection($"Data Source={storePath}");
        connection.Open();
        var requestColumns = Columns(connection, "requests");
        var versionColumns = Columns(connection, "plugin_versions");
        using var transaction = connection.BeginTransaction();
        using var request = connection.CreateCommand();
        request.Transaction = transaction;
        request.CommandText = $"INSERT INTO requests ({string.Join(", ", requestColumns)}) SELECT {Select(requestColumns, ("id", "$request"), ("user_id", "$owner"), ("wish", "$wish"), ("plugin_id", "$id"))} FROM requests WHERE id = (SELECT request_id FROM plugin_versions WHERE plugin_id = $template)";
        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = $"INSERT INTO plugin_versions ({string.Join(", ", versionColumns)}) SELECT {Select(versionColumns, ("plugin_id", "$id"), ("request_id", "$request"), ("owner", "$owner"), ("wish", "$wish"))} FROM plugin_versions WHERE plugin_id = $template";
        var parameters = new[] { "$request", "$owner", "$wish", "$id", "$template" };
        foreach (var command in new[] { request, version })
        {
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, string.Empty));
            }
        }

        for (var i = from; i < plugins; i++)
        {
            foreach (var command in new[] { request, version })
            {
                command.Parameters["$request"].Value = $"seed-{i:00000}";
                command.Parameters["$owner"].Value = User(i / PluginsPerUser);
                command.Parameters["$wish"].Value = $"Rule number {i}";
                command.Parameters["$id"].Value = PluginId(i);
                command.Parameters["$template"].Value = PluginId(i % from);
                if (command.ExecuteNonQuery() != 1)
                {
                    throw new InvalidOperationException($"Seeding plugin {i} from {PluginId(i % from)} inserted nothing.");
                }
            }
        }

        transaction.Commit();
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static string Select(IEnumerable<string> columns, params (string Column, string Parameter)[] replaced)
        => string.Join(", ", columns.Select(c => replaced.FirstOrDefault(r => r.Column == c).Parameter ?? c));

    private static string PluginId(int index) => $"scale-{index:0000}";

    private static void StartUpBreakdown(IReadOnlyDictionary<string, double> figures, int plugins, ResultTable table)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("| step, per plugin | median |");
        text.AppendLine("|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| host start-up to serving ÷ {ResultTable.Count(plugins)} | {ResultTable.Time(figures["startMs"] / plugins)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| every user's first GetAll ÷ {ResultTable.Count(plugins)} (load, checks, audit batch, index swap) | {ResultTable.Time(figures["loadAllMs"] / plugins)} |");
        foreach (var (key, label) in StartUpSteps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {ResultTable.Time(figures[key])} |");
        }

        table.AddSection($"Where start-up's time goes (each step timed alone on {BreakdownSamples} stored plugins, after the start-up)", text.ToString());
    }

    /// <summary>Times, after start-up, each step PluginRuntime.Load and EnsureInitialized take per plugin (mirrored with the same calls).</summary>
    private static Dictionary<string, double> MeasureSteps(IHost host, string directory)
    {
        var store = host.Services.GetRequiredService<SqlitePluginCatalog>();
        var runtime = host.Services.GetRequiredService<PluginRuntime>();
        var extensionPoint = host.Services.GetRequiredService<ExtensionPointRegistry>().All[0];
        var policy = host.Services.GetRequiredService<PluginCompiler>().PolicyFor(extensionPoint);
        var samples = StartUpSteps.ToDictionary(s => s.Key, _ => new List<double>());
        var versions = store.List(PluginStatus.Active).Take(BreakdownSamples).ToList();
        var scratch = Path.Combine(directory, "breakdown");
        var loaders = new List<McMaster.NETCore.Plugins.PluginLoader>();
        foreach (var version in versions)
        {
            var started = Stopwatch.GetTimestamp();
            var image = store.GetImage(version.Key)!;
            samples["readMs"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            _ = PluginCompiler.Sha256(image.Dll);
            samples["shaMs"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            _ = ILScanner.Scan(image.Dll, policy);
            samples["scanMs"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            var folder = Path.Combine(scratch, version.Key.PluginId);
            Directory.CreateDirectory(folder);
            var dllPath = Path.Combine(folder, image.AssemblyName + ".dll");
            WriteAtomically(dllPath, image.Dll);
            WriteAtomically(Path.ChangeExtension(dllPath, ".pdb"), image.Pdb);
            samples["writeMs"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            var loader = McMaster.NETCore.Plugins.PluginLoader.CreateFromAssemblyFile(
                dllPath,
                isUnloadable: true,
                sharedTypes: [typeof(ITicketPricingRule), typeof(ExtensionPointAttribute)],
                configure: config =>
                {
                    config.LoadInMemory = true;
                    config.PreferSharedTypes = true;
                });
            samples["loaderMs"].Add(Stats.MillisecondsSince(started));
            loaders.Add(loader);
            started = Stopwatch.GetTimestamp();
            var type = loader.LoadDefaultAssembly().GetType(version.TypeName, throwOnError: true)!;
            samples["loadMs"].Add(Stats.MillisecondsSince(started));
            started = Stopwatch.GetTimestamp();
            _ = Activator.CreateInstance(type);
            samples["instanceMs"].Add(Stats.MillisecondsSince(started));

            started = Stopwatch.GetTimestamp();
            var (_, context) = PlainCompiler.Load<ITicketPricingRule>(image.Dll, version.TypeName);
            samples["plainMs"].Add(Stats.MillisecondsSince(started));
            context.Unload();

            started = Stopwatch.GetTimestamp();
            store.AppendAudit(AuditActions.Loaded, AuditActions.SystemActor, version.Key.PluginId, version.Key.Version, "benchmark: one audit entry");
            samples["auditMs"].Add(Stats.MillisecondsSince(started));
        }

        foreach (var version in versions.Take(20))
        {
            var started = Stopwatch.GetTimestamp();
            _ = runtime.Deactivate(version.Key.PluginId);
            samples["deactivateMs"].Add(Stats.MillisecondsSince(started));
        }

        foreach (var loader in loaders)
        {
            loader.Dispose();
        }

        return samples.ToDictionary(s => s.Key, s => Stats.Median(s.Value));
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    internal static string User(int index) => $"user-{index:0000}";

    public static int RunPersonalAppChild(string[] arguments)
    {
        var directory = arguments[0];
        var plugins = int.Parse(arguments[1], CultureInfo.InvariantCulture);
        var breakdown = arguments.Length > 2 && arguments[2] == "breakdown";
        using var host = BenchHost.Build(directory, new FixedAnswerChatClient(string.Empty), warmUpCompiler: false);
        var before = MemorySnapshot.Take();
        var started = Stopwatch.GetTimestamp();
        host.StartAsync().GetAwaiter().GetResult();
        var startMs = Stats.MillisecondsSince(started);
        var runtime = host.Services.GetRequiredService<PluginRuntime>();

        // The load path warms in the background once serving has begun; the first GetAll is timed after it, as a user's
        // first request a moment after start-up would find it.
        runtime.WarmedUp.GetAwaiter().GetResult();
        var warmMs = Stats.MillisecondsSince(started);
        if (runtime.ActiveCount != plugins)
        {
            throw new InvalidOperationException($"{runtime.ActiveCount} of {plugins} plugins active.");
        }

        var features = host.Services.GetRequiredService<IPersonalFeatures>();
        started = Stopwatch.GetTimestamp();
        var first = features.GetAll<ITicketPricingRule>(Probe).Count;
        var firstGetAllMs = Stats.MillisecondsSince(started);
        if (first != PluginsPerUser)
        {
            throw new InvalidOperationException($"{Probe} has {first} features, not {PluginsPerUser}.");
        }

        var loaded = Math.Min(plugins, MostLoaded);
        var users = Enumerable.Range(0, loaded / PluginsPerUser).Select(User).ToList();
        started = Stopwatch.GetTimestamp();
        foreach (var user in users)
        {
            _ = features.GetAll<ITicketPricingRule>(user);
        }

        var loadAllMs = Stats.MillisecondsSince(started) + firstGetAllMs;
        var after = MemorySnapshot.Take();
        var getAll = PerCall(() => features.GetAll<ITicketPricingRule>(Probe).Count);
        var byUser = users.ToDictionary(u => u, u => features.GetAll<ITicketPricingRule>(u).Select(f => f.Instance).ToList(), StringComparer.Ordinal);
        var dictionary = PerCall(() => new List<ITicketPricingRule>(byUser[Probe]).Count);
        var figures = breakdown ? MeasureSteps(host, directory) : [];
        host.StopAsync().GetAwaiter().GetResult();

        ChildProcess.Report(new Dictionary<string, double>(figures)
        {
            ["startMs"] = startMs,
            ["warmMs"] = warmMs,
            ["firstGetAllMs"] = firstGetAllMs,
            ["loadAllMs"] = loadAllMs,
            ["managedKbPerPlugin"] = (after.ManagedBytes - before.ManagedBytes) / 1024.0 / loaded,
            ["workingSetKbPerPlugin"] = (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / loaded,
            ["getAllMs"] = getAll,
            ["dictionaryMs"] = dictionary,
        });
        return 0;
    }

    public static int RunPlainChild(string[] arguments)
    {
        var directory = arguments[0];
        var plugins = int.Parse(arguments[1], CultureInfo.InvariantCulture);
        var loaded = Math.Min(plugins, MostLoaded);
        var store = new SqlitePluginCatalog(Options.Create(new PersonalizationOptions { StorePath = BenchHost.StorePathIn(directory) }), TimeProvider.System);
        var before = MemorySnapshot.Take();
        var started = Stopwatch.GetTimestamp();
        store.EnsureOpen();
        var byUser = new Dictionary<string, List<ITicketPricingRule>>(StringComparer.Ordinal);
        var contexts = new List<System.Runtime.Loader.AssemblyLoadContext>();
        foreach (var version in store.List(PluginStatus.Active).Take(loaded))
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
        if (contexts.Count != loaded)
        {
            throw new InvalidOperationException($"{contexts.Count} of {loaded} plugins loaded.");
        }

        var after = MemorySnapshot.Take();
        GC.KeepAlive(byUser);
        ChildProcess.Report(new Dictionary<string, double>
        {
            ["startMs"] = startMs,
            ["managedKbPerPlugin"] = (after.ManagedBytes - before.ManagedBytes) / 1024.0 / loaded,
            ["workingSetKbPerPlugin"] = (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / loaded,
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
