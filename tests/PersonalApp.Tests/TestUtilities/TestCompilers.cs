using Microsoft.Extensions.Options;
using PersonalApp.Compilation;
using PersonalApp.Generation;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>A real compiler with default options (the default sandbox policy).</summary>
internal static class TestCompilers
{
    public static PluginCompiler Create() => new(Options.Create(new PersonalizationOptions()));
}
