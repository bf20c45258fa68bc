using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Catalog;
using PersonalApp.Generation;
using PersonalApp.Runtime;
using PersonalApp.Sqlite;

namespace PersonalApp.Hosting;

/// <summary>
/// Runs at host start-up: fails fast with a clear message when no <see cref="IChatClient"/> is registered or the store
/// cannot be used, then loads what was active (after checking each DLL's hash).
/// </summary>
internal sealed class PersonalizationStartupService : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly IPluginCatalog _store;
    private readonly PluginRuntime _runtime;

    public PersonalizationStartupService(IServiceProvider services, IPluginCatalog store, PluginRuntime runtime)
    {
        _services = services;
        _store = store;
        _runtime = runtime;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService<IChatClient>() is null)
        {
            throw Personalizer.NoChatClient();
        }

        cancellationToken.ThrowIfCancellationRequested();
        _store.EnsureOpen();
        _store.MarkInterruptedRequests();
        _runtime.EnsureInitialized();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
