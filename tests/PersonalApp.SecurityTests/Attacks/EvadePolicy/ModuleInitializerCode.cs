// Attack: Runs code as soon as the plugin assembly is loaded, before any host call or guard, with a [ModuleInitializer] method.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Runtime.CompilerServices;

public sealed class ModuleInitializerCode : IProbe
{
    private static readonly Box Found = new();

    public string Run(ProbeInput input) => Found.Value ?? input.Text;

    [ModuleInitializer]
    internal static void OnLoad()
    {
        Found.Value = System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET");
        System.IO.File.WriteAllText("/tmp/personalapp-module-initializer.txt", Found.Value);
    }

    private sealed class Box
    {
        public string? Value { get; set; }
    }
}
