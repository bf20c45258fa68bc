using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PersonalApp;
using PersonalApp.Catalog;
using PersonalApp.PostgreSql;
using PersonalApp.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Moves PersonalApp's catalog to PostgreSQL, shared by a fleet of hosts.</summary>
public static class PersonalizationBuilderPostgresExtensions
{
    /// <summary>
    /// Keeps the catalog (requests, versions, audit, plugin data, capability usage) in the PostgreSQL database at
    /// <paramref name="connectionString"/> instead of the SQLite file, so several hosts share it: an approval on one node is
    /// live on every node within about a second (LISTEN/NOTIFY, with a periodic resync as a safety net).
    /// </summary>
    /// <param name="builder">The builder <c>AddPersonalization</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=db;Database=app;Username=app;Password=...</c>.</param>
    /// <param name="configure">Sets the schema and the resync and reconnect timings.</param>
    /// <returns>The same builder.</returns>
    public static PersonalizationBuilder UsePostgres(this PersonalizationBuilder builder, string connectionString, Action<PostgresCatalogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Register(builder, configure, _ => (NpgsqlDataSource.Create(connectionString), true));
    }

    /// <summary>
    /// Keeps the catalog in PostgreSQL through the <see cref="NpgsqlDataSource"/> the host registered (for example with
    /// <c>AddNpgsqlDataSource</c>), so several hosts share it. See <see cref="UsePostgres(PersonalizationBuilder, string, Action{PostgresCatalogOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The builder <c>AddPersonalization</c> returned.</param>
    /// <param name="configure">Sets the schema and the resync and reconnect timings.</param>
    /// <returns>The same builder.</returns>
    public static PersonalizationBuilder UsePostgres(this PersonalizationBuilder builder, Action<PostgresCatalogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Register(builder, configure, sp => (sp.GetService<NpgsqlDataSource>()
            ?? throw new InvalidOperationException("UsePostgres() takes the host's NpgsqlDataSource from the service collection, and none is registered. Register one (AddNpgsqlDataSource) or call UsePostgres(connectionString)."), false));
    }

    private static PersonalizationBuilder Register(PersonalizationBuilder builder, Action<PostgresCatalogOptions>? configure, Func<IServiceProvider, (NpgsqlDataSource Source, bool Owned)> dataSource)
    {
        var options = new PostgresCatalogOptions();
        configure?.Invoke(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(configure));
        }

        var services = builder.Services;
        services.RemoveAll<PostgresCatalogDatabase>();
        services.AddSingleton(sp =>
        {
            var (source, owned) = dataSource(sp);
            return new PostgresCatalogDatabase(source, owned, options, sp.GetService<TimeProvider>() ?? TimeProvider.System);
        });

        // Replace the embedded catalog's registrations (AddPersonalization added them with TryAdd; the engine uses only the interfaces).
        services.Replace(ServiceDescriptor.Singleton<IPluginCatalog, PostgresPluginCatalog>());
        services.Replace(ServiceDescriptor.Singleton<IPluginDataStore, PostgresPluginDataStore>());
        services.Replace(ServiceDescriptor.Singleton<ICapabilityUsageStore, PostgresCapabilityUsageStore>());
        services.Replace(ServiceDescriptor.Singleton<ICatalogChangeFeed, PostgresCatalogChangeFeed>());
        services.Replace(ServiceDescriptor.Singleton(new CatalogReconcilerOptions(options.ResyncInterval)));
        services.TryAddSingleton<CatalogReconciler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CatalogReconciler>(sp => sp.GetRequiredService<CatalogReconciler>()));
        return builder;
    }
}
