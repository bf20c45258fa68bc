using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Sqlite;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// A host as a real app builds it (Host.CreateApplicationBuilder without defaults, AddChatClient, AddPersonalization with
/// the kiosk's extension points) on a SQLite file in a test's own folder. The compiler warm-up is off unless a test turns
/// it on, so hosts start cheaply.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _disposed;

    private TestHost(IHost host, ScriptedChatClient model, string storePath)
    {
        _host = host;
        Model = model;
        StorePath = storePath;
    }

    public ScriptedChatClient Model { get; }

    public string StorePath { get; }

    public IServiceProvider Services => _host.Services;

    public IPersonalizer Personalizer => Services.GetRequiredService<IPersonalizer>();

    public IPluginApprovals Approvals => Services.GetRequiredService<IPluginApprovals>();

    public IPersonalFeatures Features => Services.GetRequiredService<IPersonalFeatures>();

    public PluginRuntime Runtime => Services.GetRequiredService<PluginRuntime>();

    public SqlitePluginCatalog Store => Services.GetRequiredService<SqlitePluginCatalog>();

    /// <summary>The ITicketPricingRule features of a user.</summary>
    public IReadOnlyList<PersonalFeature<ITicketPricingRule>> Rules(string userId) => Features.GetAll<ITicketPricingRule>(userId);

    /// <summary>Builds the host without starting it.</summary>
    /// <param name="storePath">The SQLite file.</param>
    /// <param name="model">The chat client to register, or <see langword="null"/> to register none.</param>
    /// <param name="configure">Further options, applied after the defaults of the tests.</param>
    /// <param name="withSalesReport">Declares ISalesReport as a second extension point.</param>
    /// <param name="services">Further registrations, for example a logger provider.</param>
    public static IHost Build(
        string storePath,
        IChatClient? model,
        Action<PersonalizationOptions>? configure = null,
        bool withSalesReport = false,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (model is not null)
        {
            builder.Services.AddChatClient(model);
        }

        var personalization = builder.Services
            .AddPersonalization(options =>
            {
                options.StorePath = storePath;
                options.DefaultPlacement = PlacementDefault.InProcess; // these tests are about the in-process tier
                options.WarmUpCompiler = false;
                configure?.Invoke(options);
            })
            .AddExtensionPoint<ITicketPricingRule>(ep => TestExtensionPoints.Configure(ep, TestExtensionPoints.PricingOptions()));
        if (withSalesReport)
        {
            personalization.AddExtensionPoint<ISalesReport>(ep => TestExtensionPoints.Configure(ep, TestExtensionPoints.ReportOptions()));
        }

        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<TestHost> StartAsync(
        string storePath,
        ScriptedChatClient model,
        Action<PersonalizationOptions>? configure = null,
        bool withSalesReport = false,
        Action<IServiceCollection>? services = null)
    {
        var host = Build(storePath, model, configure, withSalesReport, services);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestHost(host, model, storePath);
    }

    /// <summary>Stops this host and starts a new one on the same store, as an app restart does.</summary>
    public async Task<TestHost> RestartAsync(Action<PersonalizationOptions>? configure = null, bool withSalesReport = false, Action<IServiceCollection>? services = null)
    {
        await DisposeAsync();
        return await StartAsync(StorePath, Model, configure, withSalesReport, services);
    }

    /// <summary>Asks for a feature and approves it, for tests about what happens after approval.</summary>
    public async Task<PluginVersionKey> RequestAndApproveAsync(string userId, string wish, string? pluginId = null)
    {
        var result = await Personalizer.RequestAsync(new PersonalizationRequest(userId, wish) { PluginId = pluginId });
        Assert.True(result.IsPendingApproval, result.ToString());
        var key = result.Plugin!.Value;
        await Approvals.ApproveAsync(key, "manager", "looks right");
        return key;
    }

    /// <summary>Asks for a feature and approves it granting <paramref name="grants"/>.</summary>
    public async Task<PluginVersionKey> RequestAndApproveAsync(string userId, string wish, IEnumerable<string> grants, string? pluginId = null)
    {
        var result = await Personalizer.RequestAsync(new PersonalizationRequest(userId, wish) { PluginId = pluginId });
        Assert.True(result.IsPendingApproval, result.ToString());
        var key = result.Plugin!.Value;
        await Approvals.ApproveAsync(key, new ApprovalDecision("manager", "looks right") { GrantedCapabilities = grants.ToHashSet(StringComparer.Ordinal) });
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
        }
    }
}
