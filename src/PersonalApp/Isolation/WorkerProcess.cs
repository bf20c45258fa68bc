using System.Diagnostics;
using PersonalApp.Capabilities;
using PersonalApp.Worker.Protocol;
using StreamJsonRpc;

namespace PersonalApp.Isolation;

/// <summary>
/// One running worker: its process, the JSON-RPC channel over its standard input and output (loads, unloads, checks and,
/// the other way, the plugins' capability calls to the host), and its call channel for plugin calls
/// (<see cref="WorkerCallChannel"/>). Calls of either kind run one at a time; when the worker is lost every call still
/// waiting for its turn wakes at once and is told it never ran, so nothing waits on a dead worker.
/// </summary>
internal sealed partial class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly JsonRpc _rpc;
    private readonly CappedReadStream _output;
    private readonly CapabilityBroker? _broker;
    private WorkerCallChannel? _channel;

    // Never disposed: a waiter must always be able to wake, whatever happened to the worker.
    private readonly SemaphoreSlim _oneCallAtATime = new(1, 1);

    // Cancelled when the worker is killed: wakes every call waiting for its turn. Never disposed, for the same reason.
    private readonly CancellationTokenSource _lost = new();
    private readonly long _responseBudget;
    private readonly Func<CapabilityRequest, CapabilityResponse>? _serveCapability;
    private int _killed;
    private int _disposed;

    private WorkerProcess(Process process, long responseBudget, CapabilityBroker? broker)
    {
        _process = process;
        _responseBudget = responseBudget;
        _broker = broker;
        _deadline = new Timer(static state => ((WorkerProcess)state!).DeadlinePassed(), this, Timeout.Infinite, Timeout.Infinite);
        _output = new CappedReadStream(process.StandardOutput.BaseStream, responseBudget);
        _rpc = new JsonRpc(new LengthHeaderMessageHandler(process.StandardInput.BaseStream, _output, new SystemTextJsonFormatter()));
        _serveCapability = broker is null ? null : request => broker.Handle(this, request);
        _rpc.StartListening();

        // The worker's standard error is for its own diagnostics; drain it so it never blocks.
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
    }

    public int ProcessId => _process.Id;

    public WorkerHello? Hello { get; private set; }

    public bool IsAlive
    {
        get
        {
            if (Volatile.Read(ref _killed) != 0)
            {
                return false;
            }

            try
            {
                return !_process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    public static async Task<WorkerProcess> StartAsync(WorkerLauncher launcher, long responseBudget, CapabilityBroker? broker, CancellationToken cancellationToken)
    {
        var worker = new WorkerProcess(launcher.Start(out var scratch), responseBudget, broker);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            worker.Hello = await worker._rpc.InvokeWithCancellationAsync<WorkerHello>(WorkerMethods.Hello, [], timeout.Token).ConfigureAwait(false);
            worker._channel = await WorkerCallChannel.OpenAsync(
                scratch,
                responseBudget,
                (path, secret) => worker._rpc.InvokeWithCancellationAsync<bool>(WorkerMethods.Connect, [path, secret], timeout.Token)).ConfigureAwait(false);
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Makes one call whose result is a <see cref="CallResult"/>; see <see cref="CallAsync{T}(string, Func{object}, TimeSpan, CancellationToken)"/>.</summary>
    public Task<WorkerAnswer<CallResult>> CallAsync(string method, object argument, TimeSpan deadline, CancellationToken cancellationToken)
        => CallAsync<CallResult>(method, () => argument, deadline, cancellationToken);

    /// <summary>
    /// Waits for this worker's turn, then makes one call with a wall-clock deadline after which the worker is killed. The
    /// argument is made when the turn comes (so a call's token is issued only once it is really sent). Never throws for
    /// a lost worker: the answer says how it was lost. Throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> is cancelled (a call already sent is then ended by killing the worker).
    /// </summary>
    public async Task<WorkerAnswer<T>> CallAsync<T>(string method, Func<object> argument, TimeSpan deadline, CancellationToken cancellationToken)
        where T : class
    {
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lost.Token))
        {
            try
            {
                await _oneCallAtATime.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new WorkerAnswer<T>(null, WorkerLoss.NotStarted);
            }
        }

        try
        {
            if (!IsAlive)
            {
                return new WorkerAnswer<T>(null, WorkerLoss.NotStarted);
            }

            _output.Reset(_responseBudget);

            // StreamJsonRpc's cancellation is cooperative (the call waits for the worker to answer), so the deadline is
            // enforced here: past it, the worker is killed, which ends the call whatever the worker is doing.
            var call = _rpc.InvokeWithCancellationAsync<T>(method, [argument()], cancellationToken);
            try
            {
                return new WorkerAnswer<T>(await call.WaitAsync(deadline, cancellationToken).ConfigureAwait(false), WorkerLoss.None);
            }
            catch (TimeoutException)
            {
                Kill();
                Observe(call);
                return new WorkerAnswer<T>(null, WorkerLoss.DeadlinePassed);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Kill();
                Observe(call);
                throw;
            }
            catch (RemoteInvocationException ex) when (IsAlive)
            {
                // The worker's method threw (a type it could not load, say); the worker itself is fine.
                return new WorkerAnswer<T>(null, WorkerLoss.None, ex.Message);
            }
            catch (Exception ex) when (ex is ConnectionLostException or RemoteInvocationException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                Kill();
                return new WorkerAnswer<T>(null, WorkerLoss.Crashed);
            }
        }
        finally
        {
            _oneCallAtATime.Release();
        }
    }

    public async Task NotifyAsync(string method, object argument)
    {
        try
        {
            await _rpc.NotifyAsync(method, argument).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException or IOException)
        {
            Kill();
        }
    }

    /// <summary>A short account of how the process ended, for messages.</summary>
    public string ExitDescription()
    {
        try
        {
            return _process.HasExited ? $"exit code {_process.ExitCode}" : "killed";
        }
        catch (InvalidOperationException)
        {
            return "killed";
        }
    }

    /// <summary>Kills the process and wakes every call waiting for its turn. Safe to call more than once, from any thread.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        _lost.Cancel();
        _channel?.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        _deadline.Dispose();
        _rpc.Dispose();
        _process.WaitForExit(2_000);
        _process.Dispose();
    }

    private static void Observe(Task call) => _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
