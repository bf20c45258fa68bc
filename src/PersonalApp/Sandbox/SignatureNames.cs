using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace PersonalApp.Sandbox;

/// <summary>
/// Decodes metadata signatures into documentation-id type names (<c>System.Collections.Generic.List{System.Int32}</c>,
/// <c>``0</c>, <c>System.Byte*</c>), collecting every named type met on the way and whether a pointer was among them.
/// </summary>
internal sealed class SignatureNames : ISignatureTypeProvider<string, object?>
{
    private readonly MetadataReader _reader;

    public SignatureNames(MetadataReader reader) => _reader = reader;

    /// <summary>Gets the named types met: (assembly name or null for the plugin's own, documentation id).</summary>
    public List<(string? Assembly, string TypeId)> Types { get; } = [];

    public bool HasPointer { get; set; }

    public bool HasFunctionPointer { get; set; }

    public void Reset()
    {
        Types.Clear();
        HasPointer = false;
        HasFunctionPointer = false;
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode)
    {
        var name = typeCode switch
        {
            PrimitiveTypeCode.Boolean => "System.Boolean",
            PrimitiveTypeCode.Byte => "System.Byte",
            PrimitiveTypeCode.SByte => "System.SByte",
            PrimitiveTypeCode.Char => "System.Char",
            PrimitiveTypeCode.Int16 => "System.Int16",
            PrimitiveTypeCode.UInt16 => "System.UInt16",
            PrimitiveTypeCode.Int32 => "System.Int32",
            PrimitiveTypeCode.UInt32 => "System.UInt32",
            PrimitiveTypeCode.Int64 => "System.Int64",
            PrimitiveTypeCode.UInt64 => "System.UInt64",
            PrimitiveTypeCode.Single => "System.Single",
            PrimitiveTypeCode.Double => "System.Double",
            PrimitiveTypeCode.IntPtr => "System.IntPtr",
            PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
            PrimitiveTypeCode.Object => "System.Object",
            PrimitiveTypeCode.String => "System.String",
            PrimitiveTypeCode.TypedReference => "System.TypedReference",
            _ => "System.Void",
        };
        if (typeCode == PrimitiveTypeCode.TypedReference)
        {
            Types.Add(("System.Runtime", name));
        }

        return name;
    }

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var name = DefinitionName(reader, handle);
        Types.Add((null, name));
        return name;
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var (assembly, name) = ReferenceName(reader, handle);
        Types.Add((assembly, name));
        return name;
    }

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape)
        => elementType + "[" + string.Join(",", Enumerable.Range(0, shape.Rank).Select(_ => "0:")) + "]";

    public string GetByReferenceType(string elementType) => elementType + "@";

    public string GetPointerType(string elementType)
    {
        HasPointer = true;
        return elementType + "*";
    }

    public string GetFunctionPointerType(MethodSignature<string> signature)
    {
        HasFunctionPointer = true;
        return "method";
    }

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        => StripArity(genericType) + "{" + string.Join(",", typeArguments) + "}";

    public string GetGenericMethodParameter(object? genericContext, int index) => "``" + index;

    public string GetGenericTypeParameter(object? genericContext, int index) => "`" + index;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType)
    {
        HasPointer = true;
        return elementType;
    }

    public static string DefinitionName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var definition = reader.GetTypeDefinition(handle);
        var name = reader.GetString(definition.Name);
        if (definition.GetDeclaringType() is { IsNil: false } declaring)
        {
            return DefinitionName(reader, declaring) + "." + name;
        }

        var ns = reader.GetString(definition.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public static (string? Assembly, string Name) ReferenceName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        var scope = reference.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            var (assembly, outer) = ReferenceName(reader, (TypeReferenceHandle)scope);
            return (assembly, outer + "." + name);
        }

        var ns = reader.GetString(reference.Namespace);
        var full = ns.Length == 0 ? name : ns + "." + name;
        return scope.Kind switch
        {
            HandleKind.AssemblyReference => (reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), full),
            HandleKind.ModuleReference => ("module:" + reader.GetString(reader.GetModuleReference((ModuleReferenceHandle)scope).Name), full),
            _ => (null, full),
        };
    }

    private static string StripArity(string name)
    {
        var tick = name.LastIndexOf('`');
        return tick > 0 && tick > name.LastIndexOf('.') ? name[..tick] : name;
    }

    /// <summary>The reader this provider decodes for.</summary>
    public MetadataReader Reader => _reader;
}
