using Microsoft.Extensions.Options;
using PersonalApp.Benchmarks.Infrastructure;
using PersonalApp.Compilation;
using PersonalApp.ExtensionPoints;
using PersonalApp.Generation;
using PersonalApp.Testing;
using TicketKiosk.Contracts;

namespace PersonalApp.Benchmarks.Harness;

/// <summary>
/// Runs every compile path over every plugin size a few times before anything is timed. Roslyn is large and tiered
/// compilation promotes its methods only once JIT activity calms down, so without this the quick mode's few iterations
/// would time half-optimized code, and whichever path ran first would look slowest. (The first-request figures are taken
/// in fresh processes and are not affected.)
/// </summary>
internal static class JitWarmUp
{
    public static void Run(int rounds)
    {
        var compiler = new PluginCompiler(Options.Create(new PersonalizationOptions()));
        var extensionPoint = new ExtensionPointRegistry().Add(typeof(ITicketPricingRule), new ExtensionPointOptions());
        var answers = new Queue<string>();
        var model = new ScriptedChatClient { Fallback = _ => answers.Dequeue() };
        var host = BenchHost.StartAsync(model).GetAwaiter().GetResult();
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                foreach (var plugin in PluginFiles.Sizes.Append(PluginFiles.CpuBound))
                {
                    var source = PluginFiles.Read(plugin);
                    _ = PlainCompiler.Emit(source, "WarmUp");
                    _ = ScriptCompiler.Compile(PluginFiles.AsScript(plugin));
                    _ = compiler.Compile(source, extensionPoint, "WarmUp", default);
                    answers.Enqueue(PluginFiles.Answer(source));
                    _ = host.RequestAsync("warm-up", "20% off for groups of more than ten on weekdays").GetAwaiter().GetResult();
                }
            }
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
