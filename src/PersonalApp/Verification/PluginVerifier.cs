using System.Diagnostics;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Isolation;
using PersonalApp.Sandbox;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Verification;

/// <summary>
/// Runs a candidate's checks before it is stored for approval: the model's checks of the wish (inside the worker) and
/// the host's acceptance checks (in the host, against a proxy whose calls go to the worker). The candidate runs in a
/// one-shot worker that is discarded afterwards: code no admin has approved never runs in the host process.
/// </summary>
internal sealed class PluginVerifier
{
    private readonly WorkerPool _workers;
    private readonly PersonalizationOptions _options;

    public PluginVerifier(WorkerPool workers, IOptions<PersonalizationOptions> options)
    {
        _workers = workers;
        _options = options.Value;
    }

    public static bool HasWork(ExtensionPoint extensionPoint, CompiledPlugin candidate)
        => extensionPoint.AcceptanceChecks.Count > 0 || candidate.ModelChecks.Count > 0;

    public async Task<IReadOnlyList<VerificationCheck>> VerifyAsync(ExtensionPoint extensionPoint, CompiledPlugin candidate, CancellationToken cancellationToken)
    {
        var limits = extensionPoint.Limits ?? _options.Sandbox.Limits;
        var callLimits = new CallLimits(limits.Timeout.TotalMilliseconds, limits.MaxOperations, limits.MaxAllocatedBytes, limits.MaxStackBytes, limits.MaxRegexTimeout.TotalMilliseconds);
        var deadline = limits.Timeout + _options.Isolation.DeadlineMargin;
        var key = "candidate-" + candidate.Sha256[..16];
        try
        {
            return await _workers.OneShotAsync(
                async worker =>
                {
                    var load = new LoadRequest(key, candidate.Dll, candidate.TypeName, extensionPoint.ContractType.FullName!, _workers.ContractAssembliesInImage(extensionPoint.ContractType), callLimits);
                    var loaded = await worker.CallAsync(WorkerMethods.Load, load, deadline + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                    if (loaded.Value?.IsCompleted != true)
                    {
                        return [new VerificationCheck("the plugin can be created", CheckOrigin.Host, false, loaded.Value?.Message ?? loaded.Message ?? "its worker was lost while creating it", 0)];
                    }

                    var results = new List<VerificationCheck>();
                    if (candidate.ModelChecks.Count > 0)
                    {
                        var checks = (await worker.CallAsync<ChecksResult>(WorkerMethods.Checks, () => key, deadline * Math.Max(1, candidate.ModelChecks.Count), cancellationToken).ConfigureAwait(false)).Value;
                        results.AddRange(checks is null
                            ? candidate.ModelChecks.Select(name => new VerificationCheck(name, CheckOrigin.Model, false, "its worker was lost (a crash or a hang)", 0))
                            : checks.Checks.Select(c => new VerificationCheck(c.Name, CheckOrigin.Model, c.Passed, c.Message, Math.Round(c.Milliseconds, 2))));
                    }

                    foreach (var check in extensionPoint.AcceptanceChecks)
                    {
                        // Off the caller's context: a host check blocks on its synchronous proxy calls (see RunHostCheck).
                        results.Add(await Task.Run(() => RunHostCheck(check, extensionPoint, key, worker, deadline), cancellationToken).ConfigureAwait(false));
                    }

                    return (IReadOnlyList<VerificationCheck>)results;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteCallException ex)
        {
            return [new VerificationCheck("an isolated worker is available", CheckOrigin.Host, false, ex.Message, 0)];
        }
    }

    private VerificationCheck RunHostCheck(AcceptanceCheck check, ExtensionPoint extensionPoint, string key, WorkerProcess worker, TimeSpan deadline)
    {
        if (extensionPoint.IsolationProblem is { } problem)
        {
            // The candidate may not run in the host, and its contract cannot cross to a worker: the check cannot run.
            return new VerificationCheck(check.Name, CheckOrigin.Host, false, "not run: " + problem, 0);
        }

        // The one synchronous wait of the verifier, by contract: an acceptance check is a synchronous Func over the host's
        // (synchronous) interface, so each call the check makes on the proxy must block until the worker answers. The wait
        // is bounded by the worker call's deadline, and it runs on the verifier's thread-pool thread (see VerifyAsync).
        var maxResultBytes = _options.Isolation.MaxResponseBytes;
        var proxy = RemotePluginProxy.Create(
            extensionPoint.ContractType,
            // No context: the candidate gets the worker's scratch capabilities, never the host's data.
            (method, arguments, _) => worker.Invoke(key, method, arguments, maxResultBytes, context: null, default, deadline) is { Loss: WorkerLoss.None } reply
                ? reply
                : new RemoteReply(CallOutcome.Faulted, null, "its worker was lost (a crash or a hang)"));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var passed = check.Check(proxy);
            return new VerificationCheck(check.Name, CheckOrigin.Host, passed, passed ? null : "returned false", Elapsed(started));
        }
        catch (RemoteCallException ex)
        {
            return new VerificationCheck(check.Name, CheckOrigin.Host, false, $"{ex.Kind}: {ex.Message}", Elapsed(started));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new VerificationCheck(check.Name, CheckOrigin.Host, false, $"the check threw {ex.GetType().Name}: {ex.Message}", Elapsed(started));
        }
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
}
