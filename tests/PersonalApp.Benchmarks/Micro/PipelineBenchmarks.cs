using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>
/// Pipeline overhead, everything but the model's own time, at three plugin sizes, beside what a developer would use instead:
/// plain <c>CSharpCompilation.Emit</c> of the same source (the baseline) and <c>CSharpScript</c> compiling equivalent code.
/// </summary>
[BenchmarkCategory("pipeline")]
public class PipelineBenchmarks
{
    private PluginCompiler _compiler = null!;
    private ExtensionPoint _extensionPoint = null!;
    private BenchHost _host = null!;
    private string _source = null!;
    private string _script = null!;

    [Params(PluginFiles.Small, PluginFiles.Medium, PluginFiles.Large)]
    public string Plugin { get; set; } = PluginFiles.Small;

    [GlobalSetup]
    public void Setup()
    {
        _source = PluginFiles.Read(Plugin);
        _script = PluginFiles.AsScript(Plugin);
        _compiler = new PluginCompiler(Options.Create(new PersonalizationOptions()));
        _extensionPoint = new ExtensionPointRegistry().Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        var model = new ScriptedChatClient { Fallback = _ => PluginFiles.Answer(_source) };
        _host = BenchHost.StartAsync(model).GetAwaiter().GetResult();

        // Each path must do its whole job once before it is timed, or a fast failure would pass for a fast success.
        _ = PlainCompiler.Emit(_source, "Check");
        if (ScriptCompiler.Compile(_script)().GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException($"The script version of {Plugin} gave no rule.");
        }

        if (_compiler.Compile(_source, _extensionPoint, "Check", default) is { Succeeded: false } failed)
        {
            throw new InvalidOperationException($"{Plugin} does not pass the sandbox: {string.Join("; ", failed.Errors)}");
        }

        _ = Pipeline();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Parse, bind and emit the DLL: the floor any approach pays.</summary>
    [Benchmark(Baseline = true, Description = "CSharpCompilation.Emit")]
    public int PlainEmit() => PlainCompiler.Emit(_source, "Plain").Length;

    /// <summary>Script.CreateDelegate: compile, emit and load (into a context that never unloads).</summary>
    [Benchmark(Description = "CSharpScript")]
    public object Script() => ScriptCompiler.Compile(_script);

    /// <summary>PluginCompiler.Compile: constructs check, contract check, symbol policy and guard injection on one semantic model, emit (no PDB), IL scan.</summary>
    [Benchmark(Description = "PluginCompiler.Compile")]
    public bool SandboxedCompile() => _compiler.Compile(_source, _extensionPoint, "Sandboxed", default).Succeeded;

    /// <summary>IPersonalizer.RequestAsync with a scripted model: validate, prompt, extract, compile as above, store pending approval.</summary>
    [Benchmark(Description = "IPersonalizer.RequestAsync")]
    public bool Pipeline()
        => _host.Personalizer.RequestAsync(new PersonalizationRequest("bench-user", "20% off for groups of more than ten on weekdays"))
            .GetAwaiter().GetResult().IsPendingApproval
            ? true
            : throw new InvalidOperationException($"{Plugin} did not reach approval.");
}
