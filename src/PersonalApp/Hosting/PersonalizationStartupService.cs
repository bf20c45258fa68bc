using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Catalog;
using PersonalApp.Generation;
using PersonalApp.Runtime;

namespace PersonalApp.Hosting;

/// <summary>
/// Runs at host start-up: fails fast with a clear message when no <see cref="IChatClient"/> is registered or the store
/// cannot be used, then reads what was active (each version loads on first use, after its checks). In the background
/// it then warms the load path (one load per extension point), checks a large store's whole file, and checks every
/// stored DLL's hash, so a tampered one is quarantined even if no user asks for it; stopping waits
/// for that check (bounded by the host's shutdown timeout), so it is never left half done.
/// </summary>
internal sealed class PersonalizationStartupService : IHostedService, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IPluginCatalog _store;
    private readonly PluginRuntime _runtime;
    private readonly CancellationTokenSource _stopping = new();
    private Task _sweep = Task.CompletedTask;

    public PersonalizationStartupService(IServiceProvider services, IPluginCatalog store, PluginRuntime runtime)
    {
        _services = services;
        _store = store;
        _runtime = runtime;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService<IChatClient>() is null)
        {
            throw Personalizer.NoChatClient();
        }

        cancellationToken.ThrowIfCancellationRequested();
        _store.EnsureOpen();
        _store.MarkInterruptedRequests();
        await _runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _sweep = Task.Run(
            () =>
            {
                // Serving has begun: warm the load path for the users' first GetAll, then check the store and the stored DLLs.
                _runtime.WarmUpLoadPath(_stopping.Token);
                _runtime.VerifyPending(_stopping.Token);
            },
            CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _sweep.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out: stop the sweep where it is; what it did not check loads with its check.
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();
}
