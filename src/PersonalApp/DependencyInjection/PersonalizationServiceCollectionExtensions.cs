using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PersonalApp;
using PersonalApp.Approvals;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Hosting;
using PersonalApp.Isolation;
using PersonalApp.Runtime;
using PersonalApp.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds PersonalApp to a service collection.</summary>
public static class PersonalizationServiceCollectionExtensions
{
    /// <summary>
    /// Adds PersonalApp: <see cref="IPersonalizer"/> for users, <see cref="IPluginApprovals"/> for admins and
    /// <see cref="IPersonalFeatures"/> for the host. Takes the <c>IChatClient</c> registered with <c>AddChatClient</c>,
    /// and, when registered, an <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> (to offer approved plugins
    /// for similar wishes) and an <see cref="IUserGroups"/> (for plugins shared with a group).
    /// Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; at least <see cref="PersonalizationOptions.StorePath"/>.</param>
    /// <returns>A builder on which to declare extension points.</returns>
    public static PersonalizationBuilder AddPersonalization(this IServiceCollection services, Action<PersonalizationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(ExtensionPointRegistry))?.ImplementationInstance as ExtensionPointRegistry;
        if (registry is null)
        {
            registry = new ExtensionPointRegistry();
            services.AddSingleton(registry);
        }

        services.AddOptions<PersonalizationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PersonalizationOptions>, PersonalizationOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        // The embedded catalog; a fleet replaces these three with a server database's (they are looked up only through the interfaces).
        services.TryAddSingleton<SqlitePluginCatalog>();
        services.TryAddSingleton<IPluginCatalog>(sp => sp.GetRequiredService<SqlitePluginCatalog>());
        services.TryAddSingleton<IPluginDataStore, SqlitePluginDataStore>();
        services.TryAddSingleton<ICapabilityUsageStore, SqliteCapabilityUsageStore>();
        services.TryAddSingleton<PluginLifecycle>();
        services.TryAddSingleton<PluginCompiler>();
        services.TryAddSingleton<PromptBuilder>();
        services.TryAddSingleton<CodeExtractor>();
        services.TryAddSingleton<PersonalizationRequestValidator>();
        services.TryAddSingleton<CapabilityBroker>();
        services.TryAddSingleton<WorkerPool>();
        services.TryAddSingleton<PlacementAdvisor>();
        services.TryAddSingleton<IPluginIsolation>(sp => sp.GetRequiredService<WorkerPool>());
        services.TryAddSingleton<PersonalApp.Verification.PluginVerifier>();
        services.TryAddSingleton<CapabilityUsageRecorder>();
        services.TryAddSingleton<PluginContextFactory>();
        services.TryAddSingleton<IUserGroups, NoUserGroups>();
        services.TryAddSingleton<ApprovalPacketBuilder>();
        services.TryAddSingleton<ReuseFinder>();
        services.TryAddSingleton<TokenBudget>();
        services.TryAddSingleton<CandidateEvaluator>();
        services.TryAddSingleton<RepairPolicy>();
        services.TryAddSingleton<ContractRecheck>();
        services.TryAddSingleton<VersionLoader>();
        services.TryAddSingleton<StartupLoader>();
        services.TryAddSingleton<PluginRuntime>();
        services.TryAddSingleton<ActivationGate>();
        services.TryAddSingleton<IPersonalFeatures>(sp => sp.GetRequiredService<PluginRuntime>());
        services.TryAddSingleton<IPluginApprovals, PluginApprovals>();
        services.TryAddSingleton<IPersonalizer, Personalizer>();
        services.TryAddSingleton<CompilerWarmupService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PersonalizationStartupService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CompilerWarmupService>(sp => sp.GetRequiredService<CompilerWarmupService>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CapabilityUsageFlushService>());
        return new PersonalizationBuilder(services, registry);
    }
}
