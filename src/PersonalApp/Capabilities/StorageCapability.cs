using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Capabilities;

/// <summary><see cref="IPluginStorage"/> over <see cref="IPluginDataStore"/>, scoped to one plugin id and one user, within quotas.</summary>
internal sealed class StorageCapability : CapabilityBase, IPluginStorage
{
    /// <summary>The longest key, in characters.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>The longest a storage call waits on the store when its call has no deadline (a store's usual busy timeout).</summary>
    private static readonly TimeSpan MaxStoreWait = TimeSpan.FromSeconds(30);

    private readonly IPluginDataStore _data;
    private readonly StorageQuota _quota;

    public StorageCapability(PluginVersionKey plugin, string userId, IPluginDataStore data, StorageQuota quota, CapabilityUsageRecorder usage)
        : base(CapabilityNames.Storage, plugin, userId, usage)
    {
        _data = data;
        _quota = quota;
    }

    public string? Get(string key)
    {
        var value = Run(key, _ => _data.Get(Plugin.PluginId, UserId, key));
        Used();
        return value;
    }

    public void Set(string key, string value)
    {
        if (value is null)
        {
            throw Refuse("IPluginStorage.Set was given a null value; use Remove to delete a key.");
        }

        var problem = Run(key, wait => _data.Set(Plugin.PluginId, UserId, key, value, _quota, wait));
        if (problem is not null)
        {
            throw Refuse($"Storage refused the write: {problem}.");
        }

        Used();
    }

    public bool Remove(string key)
    {
        var removed = Run(key, wait => _data.Remove(Plugin.PluginId, UserId, key, wait));
        Used();
        return removed;
    }

    public long Increment(string key, long delta = 1)
    {
        var (value, problem) = Run(key, wait => _data.Increment(Plugin.PluginId, UserId, key, delta, _quota, wait));
        if (problem is not null)
        {
            throw Refuse($"Storage refused the increment: {problem}.");
        }

        Used();
        return value;
    }

    public IReadOnlyList<string> Keys(string prefix = "")
    {
        EnsureInCall();
        prefix ??= string.Empty;
        try
        {
            var keys = _data.Keys(Plugin.PluginId, UserId, prefix, _quota.MaxKeys);
            Used();
            return keys;
        }
        catch (Exception ex) when (CatalogFailure.IsExpected(ex) || ex is PersonalizationException)
        {
            throw HostFailed("The plugin storage could not be read: " + ex.Message, ex);
        }
    }

    protected override bool IsHeldBy(PluginContext context) => ReferenceEquals(context.Storage, this);

    /// <summary>
    /// Runs a store operation for the call in progress, waiting on the store no longer than the call has left. The store
    /// failing (busy, locked, full, unreachable) is the host's fault: the call's context records it, so the call's
    /// failure, if it fails, is not counted against the plugin.
    /// </summary>
    private T Run<T>(string key, Func<TimeSpan, T> action)
    {
        EnsureInCall();
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            throw Refuse($"A storage key must have 1 to {MaxKeyLength} characters; '{(key is null ? "null" : key.Length > 40 ? key[..40] + "..." : key)}' has {key?.Length ?? 0}.");
        }

        var context = PluginContext.CurrentOrNull!;
        var started = context.EnterHostWait();
        try
        {
            return action(WaitFor(context.TimeLeft));
        }
        catch (Exception ex) when (CatalogFailure.IsExpected(ex) || ex is PersonalizationException)
        {
            throw HostFailed("The plugin storage could not be used: " + ex.Message, ex);
        }
        finally
        {
            context.ExitHostWait(started);
        }
    }

    /// <summary>
    /// How long a store call may wait: what the call has left, less a quarter (at least 20 ms) for the answer to reach the
    /// plugin and the plugin to end, so that waiting on the host never makes the call itself run out of time.
    /// </summary>
    private static TimeSpan WaitFor(TimeSpan left)
    {
        if (left == Timeout.InfiniteTimeSpan || left > MaxStoreWait)
        {
            return MaxStoreWait;
        }

        var slack = TimeSpan.FromTicks(Math.Max(left.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks));
        return left > slack ? left - slack : TimeSpan.Zero;
    }

    private PluginCapabilityException HostFailed(string message, Exception exception)
    {
        PluginContext.CurrentOrNull?.ReportHostFault(message);
        return Refuse(message + " This is the host's problem, not the plugin's; the call may be tried again later.", exception);
    }
}
