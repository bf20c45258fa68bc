using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Extensions.Options;
using PersonalApp.Compilation;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Compilation;

public sealed class PluginCompilerTests
{
    [Fact]
    public void Compile_NullableFlowAnalysisOff_StillEmitsTheNullableAnnotations()
    {
        var extensionPoint = TestExtensionPoints.Pricing();
        var compiler = new PluginCompiler(Options.Create(new PersonalizationOptions()));

        var result = compiler.Compile(extensionPoint.Examples[0].Source, extensionPoint, "NullableAnnotations", default);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("never", PluginCompiler.ParseOptions.Features[PluginCompiler.NullableAnalysisFeature]);
        using var pe = new PEReader(new MemoryStream(result.Plugin!.Dll));
        var metadata = pe.GetMetadataReader();
        var attributes = metadata.CustomAttributes.Select(a => AttributeName(metadata, metadata.GetCustomAttribute(a))).ToList();
        Assert.Contains(attributes, a => a is "NullableAttribute" or "NullableContextAttribute");
    }

    private static string AttributeName(MetadataReader metadata, CustomAttribute attribute)
    {
        var type = attribute.Constructor.Kind == HandleKind.MemberReference
            ? metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent
            : metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
        return type.Kind switch
        {
            HandleKind.TypeReference => metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => metadata.GetString(metadata.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => string.Empty,
        };
    }
}
