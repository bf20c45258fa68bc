using Microsoft.Extensions.Options;
using PersonalApp.Compilation;
using PersonalApp.Hosting;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Hosting;

public sealed class WarmUpConstructsTests
{
    [Theory]
    [InlineData("pricing")]
    [InlineData("report")]
    public void Source_AppendedToTheExample_PassesEveryLayerOfTheCompiler(string which)
    {
        var extensionPoint = which == "pricing" ? TestExtensionPoints.Pricing() : TestExtensionPoints.Report();
        var compiler = new PluginCompiler(Options.Create(new PersonalizationOptions()));

        var result = compiler.Compile(extensionPoint.Examples[0].Source + WarmUpConstructs.Source, extensionPoint, "WarmUpConstructsTest", default);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Contains(result.Plugin!.Apis, a => a.Namespace == "System.Linq");
    }
}
