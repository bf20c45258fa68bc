namespace PersonalApp.Runtime;

/// <summary>
/// Serializes everything on this node that makes the live set follow the catalog: an admin's approve, revoke, roll back or
/// promote, and the reconciler that applies other nodes' changes. Without it the reconciler could read the catalog, then
/// an approval here could swap in a newer version, and the reconciler would swap the older one back.
/// </summary>
internal sealed class ActivationGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    /// <summary>Waits for the gate.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    /// <summary>Releases the gate.</summary>
    public void Release() => _semaphore.Release();

    public void Dispose() => _semaphore.Dispose();
}
