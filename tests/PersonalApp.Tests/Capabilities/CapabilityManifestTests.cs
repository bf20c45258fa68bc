using PersonalApp.Capabilities;
using PersonalApp.Compilation;
using PersonalApp.Generation;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Capabilities;

/// <summary>The manifest ([UsesCapabilities]) is checked against the capabilities the code's symbols actually reach.</summary>
public sealed class CapabilityManifestTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Check_StorageUsedAndDeclared_KeepsTheManifestWithTheVersion()
    {
        var result = Compile(PluginSources.Read(PluginSources.OrderCounter));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal([CapabilityNames.Storage], result.Plugin!.Capabilities);
    }

    [Fact]
    public void Check_NoCapabilityUsedNorDeclared_HasAnEmptyManifest()
    {
        var result = Compile(PluginSources.Read(PluginSources.WeekdayGroupDiscount));

        Assert.True(result.Succeeded);
        Assert.Empty(result.Plugin!.Capabilities);
    }

    [Fact]
    public void Check_StorageUsedButNotDeclared_ReportsPA0901AtTheLineOfUseWithTheFix()
    {
        var source = PluginSources.Read(PluginSources.UndeclaredStorage);

        var result = Compile(source);

        var problem = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticIds.CapabilityUndeclared, problem.Id);
        Assert.Equal(PluginSources.LineOf(source, "Require<IPluginStorage>"), problem.Line);
        Assert.Contains("[UsesCapabilities(\"storage\")]", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Require<IPluginStorage>", problem.SourceLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_StorageReachedOnlyThroughTheContextProperty_CountsAsUsed()
    {
        var source = StorageCapabilityTests.Rule("return new PriceAdjustment(0m, PluginContext.Current.Storage?.Get(\"x\") ?? \"none\");").Replace("[UsesCapabilities(\"storage\")]", string.Empty, StringComparison.Ordinal);

        var result = Compile(source);

        Assert.Equal(DiagnosticIds.CapabilityUndeclared, Assert.Single(result.Errors).Id);
    }

    [Fact]
    public void Check_DeclaredButNotUsed_ReportsPA0903()
    {
        var source = PluginSources.Read(PluginSources.OrderCounter).Replace("[UsesCapabilities(\"storage\")]", "[UsesCapabilities(\"storage\", \"clock\")]", StringComparison.Ordinal);

        var result = Compile(source);

        var problem = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticIds.CapabilityUnused, problem.Id);
        Assert.Contains("'clock'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(PluginSources.LineOf(source, "[UsesCapabilities"), problem.Line);
    }

    [Theory]
    [InlineData("files")]
    [InlineData("process")]
    [InlineData("Storage")]
    public void Check_NameThatIsNotACapability_ReportsPA0902(string name)
    {
        var source = PluginSources.Read(PluginSources.OrderCounter).Replace("[UsesCapabilities(\"storage\")]", $"[UsesCapabilities(\"storage\", \"{name}\")]", StringComparison.Ordinal);

        var result = Compile(source);

        var problem = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticIds.CapabilityUnknown, problem.Id);
        Assert.Contains($"'{name}', which is not a capability", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAsync_ModelForgetsTheManifest_RepairsItInTheNextRound()
    {
        var model = new ScriptedChatClient()
            .Reply(PluginSources.Fenced(PluginSources.UndeclaredStorage))
            .Reply(PluginSources.Fenced(PluginSources.OrderCounter));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "count my orders"));

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal(1, result.RepairRounds);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticIds.CapabilityUndeclared);
        Assert.Contains("[UsesCapabilities(\"storage\")]", model.Calls[1][^1].Text, StringComparison.Ordinal);
        Assert.Equal([CapabilityNames.Storage], (await host.Approvals.GetAsync(result.Plugin!.Value))!.RequestedCapabilities);
    }

    private static CompilationResult Compile(string source)
        => TestCompilers.Create().Compile(source, TestExtensionPoints.Pricing(), "PersonalApp.Plugin.manifest", CancellationToken.None);
}
