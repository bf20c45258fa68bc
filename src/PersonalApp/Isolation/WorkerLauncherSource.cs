namespace PersonalApp.Isolation;

/// <summary>
/// Makes the <see cref="WorkerLauncher"/> when it is first needed, and again after a failure: a set-up that failed (the
/// worker's files missing for a moment, a full temp folder) is tried again after a back-off that doubles from one second
/// to a minute, instead of failing for the life of the process.
/// </summary>
internal sealed class WorkerLauncherSource
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(1);

    private readonly Func<WorkerLauncher> _create;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private WorkerLauncher? _launcher;
    private Exception? _failure;
    private DateTimeOffset _retryAt;
    private TimeSpan _backoff;

    public WorkerLauncherSource(Func<WorkerLauncher> create, TimeProvider time)
    {
        _create = create;
        _time = time;
    }

    public bool IsCreated => Volatile.Read(ref _launcher) is not null;

    /// <summary>Gets the launcher, making it if needed; throws the last failure until its back-off has passed.</summary>
    public WorkerLauncher Value
    {
        get
        {
            if (Volatile.Read(ref _launcher) is { } ready)
            {
                return ready;
            }

            lock (_lock)
            {
                if (_launcher is not null)
                {
                    return _launcher;
                }

                if (_failure is not null && _time.GetUtcNow() < _retryAt)
                {
                    throw Wrap(_failure);
                }

                try
                {
                    Volatile.Write(ref _launcher, _create());
                    _failure = null;
                    _backoff = TimeSpan.Zero;
                    return _launcher;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _failure = ex;
                    _backoff = _backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, LongestBackoff.Ticks));
                    _retryAt = _time.GetUtcNow() + _backoff;
                    throw;
                }
            }
        }
    }

    private PersonalizationException Wrap(Exception failure)
        => failure as PersonalizationException is { } known
            ? new PersonalizationException(known.DiagnosticId, $"{known.Message} (PersonalApp tries again after {_retryAt:HH:mm:ss} UTC.)", known)
            : new PersonalizationException(DiagnosticIds.IsolationUnavailable, $"The isolated tier could not be set up ({failure.GetType().Name}: {failure.Message}); PersonalApp tries again after {_retryAt:HH:mm:ss} UTC.", failure);
}
