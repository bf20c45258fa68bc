using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PersonalApp.Sandbox;
using Xunit;

namespace PersonalApp.Tests.Sandbox;

/// <summary>
/// The policy's type → reference-assembly map is read from the images' metadata; these tests hold it to what a Roslyn
/// compilation over the same references resolves (how it was resolved before), so the assemblies a plugin may reference
/// do not change.
/// </summary>
public sealed class ReferenceAssemblyIndexTests
{
    private static readonly Lazy<CSharpCompilation> Roslyn = new(() => CSharpCompilation.Create("PolicyResolution", references: Net100.References.All));

    [Fact]
    public void AssembliesOf_EveryAllowedTypeOfTheDefaultPolicy_MatchesRoslynResolution()
    {
        var policy = SandboxPolicy.For(new SandboxOptions(), ["PersonalApp.Abstractions"]);
        var ids = policy.AllowedTypeIds.Distinct(StringComparer.Ordinal).ToList();

        var answers = ReferenceAssemblyIndex.AssembliesOf(ids);

        Assert.NotEmpty(ids);
        var differences = ids.Where(id => answers[id] != RoslynAssemblyOf(id)).Select(id => $"{id}: {answers[id] ?? "none"} vs Roslyn {RoslynAssemblyOf(id) ?? "none"}").ToList();
        Assert.Empty(differences);
    }

    [Fact]
    public void FrameworkAssemblies_DefaultAndHostAllowedTypes_SameSetAsRoslynResolution()
    {
        var options = new SandboxOptions().Allow(typeof(System.Text.RegularExpressions.Regex)).Allow(typeof(System.Collections.Concurrent.ConcurrentDictionary<,>));
        var policy = SandboxPolicy.For(options, ["PersonalApp.Abstractions"]);

        var expected = policy.AllowedTypeIds.Select(RoslynAssemblyOf).OfType<string>().ToHashSet(StringComparer.Ordinal);

        Assert.Contains("System.Text.RegularExpressions", policy.FrameworkAssemblies);
        Assert.Equal(expected.Order(StringComparer.Ordinal), policy.FrameworkAssemblies.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("System.Collections.Generic.List`1.Enumerator")]
    [InlineData("System.Environment.SpecialFolder")]
    [InlineData("System.Runtime.CompilerServices.DefaultInterpolatedStringHandler")]
    [InlineData("System.Object")]
    [InlineData("No.Such.Type")]
    [InlineData("NoNamespace")]
    public void AssembliesOf_NestedMissingAndPlainTypes_MatchesRoslynResolution(string typeId)
    {
        var answer = ReferenceAssemblyIndex.AssembliesOf([typeId])[typeId];

        Assert.Equal(RoslynAssemblyOf(typeId), answer);
    }

    [Fact]
    public void AssemblyNames_ReadFromThePackage_AreTheAssembliesPluginsCompileAgainst()
    {
        var compiledAgainst = Roslyn.Value.References
            .Select(r => Roslyn.Value.GetAssemblyOrModuleSymbol(r))
            .OfType<IAssemblySymbol>()
            .Select(a => a.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(compiledAgainst, ReferenceAssemblyIndex.AssemblyNames().Order(StringComparer.Ordinal));
    }

    /// <summary>The resolution the policy used before: a compilation over every reference, nesting tried one dot at a time.</summary>
    private static string? RoslynAssemblyOf(string typeId)
    {
        var metadataName = typeId;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (Roslyn.Value.GetTypeByMetadataName(metadataName) is { } type)
            {
                return type.ContainingAssembly.Name;
            }

            var dot = metadataName.LastIndexOf('.');
            if (dot < 0)
            {
                break;
            }

            metadataName = metadataName[..dot] + "+" + metadataName[(dot + 1)..];
        }

        return null;
    }
}
