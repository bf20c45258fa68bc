using System.Diagnostics;
using PersonalApp.Worker.Protocol;
using StreamJsonRpc;

namespace PersonalApp.Isolation;

/// <summary>One running worker: its process and the JSON-RPC channel over its standard input and output.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly JsonRpc _rpc;
    private readonly CappedReadStream _output;
    private readonly SemaphoreSlim _oneCallAtATime = new(1, 1);
    private readonly long _responseBudget;
    private int _killed;
    private int _disposed;

    private WorkerProcess(Process process, long responseBudget)
    {
        _process = process;
        _responseBudget = responseBudget;
        _output = new CappedReadStream(process.StandardOutput.BaseStream, responseBudget);
        _rpc = new JsonRpc(new LengthHeaderMessageHandler(process.StandardInput.BaseStream, _output, new SystemTextJsonFormatter()));
        _rpc.StartListening();

        // The worker's standard error is for its own diagnostics; drain it so it never blocks.
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
    }

    public int ProcessId => _process.Id;

    public WorkerHello? Hello { get; private set; }

    public bool IsAlive => Volatile.Read(ref _killed) == 0 && !_process.HasExited;

    public static async Task<WorkerProcess> StartAsync(WorkerLauncher launcher, long responseBudget, CancellationToken cancellationToken)
    {
        var worker = new WorkerProcess(launcher.Start(), responseBudget);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            worker.Hello = await worker._rpc.InvokeWithCancellationAsync<WorkerHello>(WorkerMethods.Hello, [], timeout.Token).ConfigureAwait(false);
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes one call, with a wall-clock deadline after which the worker is killed. Returns null when the worker died
    /// or was killed (the caller replaces it and decides what the outcome was).
    /// </summary>
    public Task<CallResult?> CallAsync(string method, object argument, TimeSpan deadline, CancellationToken cancellationToken)
        => CallAsync<CallResult>(method, argument, deadline, cancellationToken);

    public async Task<T?> CallAsync<T>(string method, object argument, TimeSpan deadline, CancellationToken cancellationToken)
        where T : class
    {
        await _oneCallAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _output.Reset(_responseBudget);

            // StreamJsonRpc's cancellation is cooperative (the call waits for the worker to answer), so the deadline is
            // enforced here: past it, the worker is killed, which ends the call whatever the worker is doing.
            var call = _rpc.InvokeWithCancellationAsync<T>(method, [argument], cancellationToken);
            try
            {
                return await call.WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Kill();
                _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Kill();
                _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
            catch (Exception ex) when (ex is ConnectionLostException or RemoteInvocationException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                Kill();
                return null;
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

    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

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
        _rpc.Dispose();
        _process.WaitForExit(2_000);
        _process.Dispose();
        _oneCallAtATime.Dispose();
    }
}
