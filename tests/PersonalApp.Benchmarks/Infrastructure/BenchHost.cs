using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Hosting;
using PersonalApp.Runtime;
using PersonalApp.Sqlite;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>
/// A host as an app builds it (Host.CreateApplicationBuilder without defaults, AddChatClient, AddPersonalization with the
/// kiosk's pricing extension point and one worked example) on a SQLite file in a folder of its own, deleted at the end.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string ExampleWish = "Seniors get 10% off on Mondays";

    private readonly IHost _host;
    private readonly bool _ownsDirectory;

    private BenchHost(IHost host, string directory, bool ownsDirectory)
    {
        _host = host;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    public string Directory { get; }

    public IServiceProvider Services => _host.Services;

    public IPersonalizer Personalizer => Services.GetRequiredService<IPersonalizer>();

    public IPluginApprovals Approvals => Services.GetRequiredService<IPluginApprovals>();

    public IPersonalFeatures Features => Services.GetRequiredService<IPersonalFeatures>();

    public PluginRuntime Runtime => Services.GetRequiredService<PluginRuntime>();

    public SqlitePluginCatalog Store => Services.GetRequiredService<SqlitePluginCatalog>();

    public CompilerWarmupService WarmUp => Services.GetRequiredService<CompilerWarmupService>();

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "personalapp-bench-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    public static string StorePathIn(string directory) => Path.Combine(directory, "personalapp.db");

    /// <summary>Builds the host without starting it.</summary>
    public static IHost Build(string directory, IChatClient model, bool warmUpCompiler, Action<PersonalizationOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddChatClient(model);
        builder.Services
            .AddPersonalization(options =>
            {
                options.StorePath = StorePathIn(directory);
                options.DefaultPlacement = PlacementDefault.InProcess;
                options.WarmUpCompiler = warmUpCompiler;
                configure?.Invoke(options);
            })
            .AddExtensionPoint<ITicketPricingRule>(ep => ep.AddExample(ExampleWish, PluginFiles.Read(PluginFiles.Example)));
        return builder.Build();
    }

    /// <summary>Starts a host on <paramref name="directory"/>, or on a new folder deleted when the host is disposed.</summary>
    public static async Task<BenchHost> StartAsync(IChatClient model, bool warmUpCompiler = false, string? directory = null)
    {
        var owns = directory is null;
        directory ??= NewDirectory();
        var host = Build(directory, model, warmUpCompiler);
        await host.StartAsync().ConfigureAwait(false);
        return new BenchHost(host, directory, owns);
    }

    /// <summary>Runs a wish through the generation pipeline; the model's answer is whatever its client is set to give.</summary>
    public async Task<PluginVersionKey> RequestAsync(string userId, string wish, string? pluginId = null)
    {
        var result = await Personalizer.RequestAsync(new PersonalizationRequest(userId, wish) { PluginId = pluginId }).ConfigureAwait(false);
        return result.IsPendingApproval
            ? result.Plugin!.Value
            : throw new InvalidOperationException($"The benchmark's plugin did not reach approval: {result}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
            if (_ownsDirectory)
            {
                DeleteDirectory(Directory);
            }
        }
    }

    public static void DeleteDirectory(string directory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
