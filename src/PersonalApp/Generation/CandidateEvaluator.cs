using System.Diagnostics;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Compilation;
using PersonalApp.Verification;

namespace PersonalApp.Generation;

/// <summary>
/// Judges one model answer: extract the C#, compile it through the sandbox's static layers, run its checks, and say
/// whether it can be stored for approval or what to send back to the model.
/// </summary>
internal sealed class CandidateEvaluator
{
    private readonly PersonalizationOptions _options;
    private readonly CodeExtractor _extractor;
    private readonly PluginCompiler _compiler;
    private readonly PluginVerifier _verifier;

    public CandidateEvaluator(IOptions<PersonalizationOptions> options, CodeExtractor extractor, PluginCompiler compiler, PluginVerifier verifier)
    {
        _options = options.Value;
        _extractor = extractor;
        _compiler = compiler;
        _verifier = verifier;
    }

    public async Task<CandidateOutcome> EvaluateAsync(GenerationRun run, string answer, int round, IProgress<PersonalizationProgress>? progress, CancellationToken cancellationToken)
    {
        var extraction = _extractor.Extract(answer, run.ExtensionPoint, _options.MaxAnswerBytes);
        if (!extraction.Succeeded)
        {
            return CandidateOutcome.Unusable(DiagnosticCap.Cap(extraction.Diagnostics));
        }

        var source = extraction.Source!;
        run.LastSource = source;
        progress?.Report(new PersonalizationProgress(PersonalizationStage.Compiling, round, "Compiling"));
        var started = Stopwatch.GetTimestamp();
        var compiled = _compiler.Compile(extraction.Tree!, run.ExtensionPoint, AssemblyName(run), cancellationToken);
        PersonalAppTelemetry.CompileDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (!compiled.Succeeded)
        {
            return CandidateOutcome.Failed(source, compiled.Errors, compiled.ErrorCount);
        }

        IReadOnlyList<VerificationCheck> verification = [];
        if (_options.VerifyCandidates && PluginVerifier.HasWork(run.ExtensionPoint, compiled.Plugin!))
        {
            progress?.Report(new PersonalizationProgress(PersonalizationStage.Verifying, round, "Running the checks in an isolated worker"));
            verification = await _verifier.VerifyAsync(run.ExtensionPoint, compiled.Plugin!, cancellationToken).ConfigureAwait(false);
        }

        var failedChecks = verification.Where(v => !v.Passed).Select(Describe).ToList();
        return failedChecks.Count == 0
            ? CandidateOutcome.Passed(source, compiled.Plugin!, verification)
            : CandidateOutcome.Failed(source, DiagnosticCap.Cap(failedChecks), failedChecks.Count);
    }

    private static PersonalizationDiagnostic Describe(VerificationCheck check) => PersonalizationDiagnostic.Error(
        check.Origin == CheckOrigin.Host ? DiagnosticIds.HostCheckFailed : DiagnosticIds.ModelCheckFailed,
        check.Origin == CheckOrigin.Host
            ? $"The host's acceptance check \"{check.Name}\" failed: {check.Message}. The plugin must pass it."
            : $"Your check {check.Name} failed: {check.Message}. Fix the plugin so the wish holds (or the check, if it is wrong).");

    private static string AssemblyName(GenerationRun run) => $"PersonalApp.Plugin.{run.PluginId.Replace('-', '_')}.r{run.RequestId[..12]}";
}
