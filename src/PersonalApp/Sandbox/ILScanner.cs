using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PersonalApp.Sandbox;

/// <summary>
/// Layer 2: reads the emitted DLL with System.Reflection.Metadata and checks every assembly, type and member it
/// references (including generic instantiations and attributes) against the same policy as layer 1, plus structural
/// rules: no P/Invoke or bodiless extern methods, no localloc, calli or other unverifiable opcodes, no pointer types,
/// no module initializer, no finalizer, no explicit layout, no static mutable fields. It judges what the compiler
/// generated (lambdas, state machines, interpolation handlers), whatever the source looked like.
/// </summary>
internal static class ILScanner
{
    private const string PrivateImplementation = "<PrivateImplementationDetails>";

    public static IReadOnlyList<PersonalizationDiagnostic> Scan(byte[] image, SandboxPolicy policy)
    {
        var problems = new List<string>();
        try
        {
            using var pe = new PEReader(new MemoryStream(image, writable: false));
            var reader = pe.GetMetadataReader();
            var names = new SignatureNames(reader);
            var contexts = ScanBodies(pe, reader, problems);
            CheckAssemblies(reader, policy, problems);
            CheckTables(reader, problems);
            CheckTypeReferences(reader, policy, problems);
            CheckTypeSpecifications(reader, policy, names, problems);
            CheckDefinitions(reader, names, problems);
            CheckMemberReferences(reader, policy, names, contexts, problems);
            CheckMethodSpecifications(reader, policy, names, problems);
        }
        catch (BadImageFormatException ex)
        {
            problems.Add($"the assembly cannot be read ({ex.Message})");
        }

        return problems.Distinct(StringComparer.Ordinal)
            .Select(p => PersonalizationDiagnostic.Error(DiagnosticIds.ILScanDenied, $"The compiled plugin {p}; this is not allowed (sandbox layer 2, IL scan)."))
            .ToList();
    }

    private static void CheckAssemblies(MetadataReader reader, SandboxPolicy policy, List<string> problems)
    {
        foreach (var handle in reader.AssemblyReferences)
        {
            var name = reader.GetString(reader.GetAssemblyReference(handle).Name);
            if (!policy.FrameworkAssemblies.Contains(name) && !policy.HostAssemblies.Contains(name))
            {
                problems.Add($"references the assembly {name}");
            }
        }
    }

    private static void CheckTables(MetadataReader reader, List<string> problems)
    {
        if (reader.GetTableRowCount(TableIndex.ModuleRef) > 0)
        {
            problems.Add("imports native modules (P/Invoke)");
        }

        if (reader.DeclarativeSecurityAttributes.Count > 0)
        {
            problems.Add("declares security attributes");
        }

        if (reader.ManifestResources.Count > 0 || reader.AssemblyFiles.Count > 0 || reader.ExportedTypes.Count > 0)
        {
            problems.Add("carries resources, files or exported types");
        }
    }

    private static void CheckTypeReferences(MetadataReader reader, SandboxPolicy policy, List<string> problems)
    {
        foreach (var handle in reader.TypeReferences)
        {
            var (assembly, name) = SignatureNames.ReferenceName(reader, handle);
            if (assembly is not null && !policy.AllowsType(assembly, name, PolicyLayer.IL))
            {
                problems.Add($"references the type {name}");
            }
        }
    }

    private static void CheckTypeSpecifications(MetadataReader reader, SandboxPolicy policy, SignatureNames names, List<string> problems)
    {
        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            names.Reset();
            reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(names, null);
            CheckNamedTypes(policy, names, problems);
        }
    }

    private static void CheckNamedTypes(SandboxPolicy policy, SignatureNames names, List<string> problems)
    {
        if (names.HasPointer || names.HasFunctionPointer)
        {
            problems.Add("uses pointer types");
        }

        foreach (var (assembly, type) in names.Types)
        {
            if (assembly is not null && !policy.AllowsType(assembly, type, PolicyLayer.IL))
            {
                problems.Add($"uses the type {type}");
            }
        }
    }

    private static void CheckDefinitions(MetadataReader reader, SignatureNames names, List<string> problems)
    {
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = SignatureNames.DefinitionName(reader, typeHandle);
            var compilerType = typeName.Contains('<', StringComparison.Ordinal);
            // The compiler's own blobs for array initializers are explicit-layout structs of a size and no fields; plugin source cannot declare such names.
            if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout && !(typeName.StartsWith(PrivateImplementation + ".", StringComparison.Ordinal) && type.GetFields().Count == 0))
            {
                problems.Add($"gives {typeName} an explicit memory layout");
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var name = reader.GetString(method.Name);
                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || method.GetImport().Module is { IsNil: false })
                {
                    problems.Add($"declares the native method {typeName}.{name} (P/Invoke)");
                }

                var impl = method.ImplAttributes;
                if ((impl & MethodImplAttributes.CodeTypeMask) != MethodImplAttributes.IL && !IsDelegate(reader, type)
                    || (impl & MethodImplAttributes.InternalCall) != 0)
                {
                    problems.Add($"declares {typeName}.{name} with a native or runtime implementation");
                }

                if (method.RelativeVirtualAddress == 0 && (method.Attributes & MethodAttributes.Abstract) == 0 && !IsDelegate(reader, type))
                {
                    problems.Add($"declares {typeName}.{name} without a body (extern)");
                }

                if (typeName == "<Module>" && name == ".cctor")
                {
                    problems.Add("declares a module initializer");
                }

                if (name == "Finalize" && (method.Attributes & MethodAttributes.Virtual) != 0 && method.DecodeSignature(names, null).ParameterTypes.Length == 0)
                {
                    problems.Add($"declares a finalizer on {typeName}");
                }

                names.Reset();
                method.DecodeSignature(names, null);
                if (names.HasPointer || names.HasFunctionPointer)
                {
                    problems.Add($"declares {typeName}.{name} with pointer types");
                }
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                var name = reader.GetString(field.Name);
                names.Reset();
                field.DecodeSignature(names, null);
                if (names.HasPointer || names.HasFunctionPointer)
                {
                    problems.Add($"declares the field {typeName}.{name} with a pointer type");
                }

                var attributes = field.Attributes;
                var mutableStatic = (attributes & FieldAttributes.Static) != 0 && (attributes & (FieldAttributes.InitOnly | FieldAttributes.Literal)) == 0;
                if (mutableStatic && !compilerType && (!name.StartsWith('<') || name.EndsWith("k__BackingField", StringComparison.Ordinal)) && (attributes & FieldAttributes.HasFieldRVA) == 0)
                {
                    problems.Add($"declares the static mutable field {typeName}.{name}");
                }
            }
        }
    }

    private static bool IsDelegate(MetadataReader reader, TypeDefinition type)
    {
        if (type.BaseType.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var (_, name) = SignatureNames.ReferenceName(reader, (TypeReferenceHandle)type.BaseType);
        return name == "System.MulticastDelegate";
    }

    private static void CheckMemberReferences(MetadataReader reader, SandboxPolicy policy, SignatureNames names, Dictionary<EntityHandle, UseContext> contexts, List<string> problems)
    {
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            var (assembly, typeId) = ParentOf(reader, member.Parent);
            if (typeId is null)
            {
                problems.Add("calls a vararg or module-level method");
                continue;
            }

            if (assembly is null)
            {
                continue; // A member of the plugin's own types.
            }

            var name = reader.GetString(member.Name) switch
            {
                ".ctor" => "#ctor",
                ".cctor" => "#cctor",
                var n => n,
            };
            names.Reset();
            MemberKey key;
            if (member.GetKind() == MemberReferenceKind.Field)
            {
                member.DecodeFieldSignature(names, null);
                key = new MemberKey(typeId, name, string.Empty, IsStatic: false, IsField: true);
            }
            else
            {
                var signature = member.DecodeMethodSignature(names, null);
                key = new MemberKey(typeId, name, string.Join(",", signature.ParameterTypes), !signature.Header.IsInstance, IsField: false, signature.GenericParameterCount);
            }

            var context = contexts.GetValueOrDefault(handle);
            var onlyPrivateImplementation = context.InPrivateImplementation && !context.Elsewhere;
            if (!policy.AllowsMember(assembly, key, PolicyLayer.IL, onlyPrivateImplementation))
            {
                problems.Add($"uses {key.Display} ({key.DocId})");
            }
        }
    }

    private static void CheckMethodSpecifications(MetadataReader reader, SandboxPolicy policy, SignatureNames names, List<string> problems)
    {
        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            names.Reset();
            reader.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row)).DecodeSignature(names, null);
            CheckNamedTypes(policy, names, problems);
        }
    }

    private static (string? Assembly, string? TypeId) ParentOf(MetadataReader reader, EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeReference:
                return SignatureNames.ReferenceName(reader, (TypeReferenceHandle)parent);
            case HandleKind.TypeDefinition:
                return (null, SignatureNames.DefinitionName(reader, (TypeDefinitionHandle)parent));
            case HandleKind.TypeSpecification:
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
                {
                    blob.ReadCompressedInteger();
                    var generic = blob.ReadTypeHandle();
                    return generic.Kind == HandleKind.TypeReference
                        ? SignatureNames.ReferenceName(reader, (TypeReferenceHandle)generic)
                        : (null, SignatureNames.DefinitionName(reader, (TypeDefinitionHandle)generic));
                }

                // A member of an array type (a multi-dimensional array's constructor, Get, Set, Address): judged as System.Array's.
                blob.Reset();
                return blob.ReadSignatureTypeCode() is SignatureTypeCode.Array or SignatureTypeCode.SZArray
                    ? ("System.Runtime", "System.Array")
                    : ("(type specification)", "(pointer or other type)");
            default:
                return (null, null);
        }
    }

    /// <summary>Reads every method body: refuses unverifiable opcodes, and records where each member is used.</summary>
    private static Dictionary<EntityHandle, UseContext> ScanBodies(PEReader pe, MetadataReader reader, List<string> problems)
    {
        var contexts = new Dictionary<EntityHandle, UseContext>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var typeName = SignatureNames.DefinitionName(reader, typeHandle);
            var inPrivateImplementation = typeName == PrivateImplementation || typeName.StartsWith(PrivateImplementation + ".", StringComparison.Ordinal);
            foreach (var methodHandle in reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    var locals = reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(new SignatureNames(reader), null);
                    if (locals.Any(l => l.EndsWith('*')))
                    {
                        problems.Add($"declares pointer locals in {typeName}.{reader.GetString(method.Name)}");
                    }
                }

                var il = body.GetILReader();
                while (il.RemainingBytes > 0)
                {
                    var first = il.ReadByte();
                    var opCode = (ILOpCode)(first == 0xFE ? 0xFE00 | il.ReadByte() : first);
                    switch (opCode)
                    {
                        case ILOpCode.Localloc:
                            problems.Add("allocates on the stack (localloc / stackalloc)");
                            break;
                        case ILOpCode.Calli:
                            problems.Add("calls through a function pointer (calli)");
                            break;
                        case ILOpCode.Jmp or ILOpCode.Arglist or ILOpCode.Mkrefany or ILOpCode.Refanyval or ILOpCode.Refanytype or ILOpCode.Cpblk or ILOpCode.Initblk:
                            problems.Add($"uses the unverifiable opcode {opCode.ToString().ToLowerInvariant()}");
                            break;
                    }

                    var size = OperandSize(opCode, ref il);
                    if (size == 4 && HasToken(opCode))
                    {
                        var token = il.ReadInt32();
                        var handle = MetadataTokens.EntityHandle(token);
                        if (handle.Kind == HandleKind.MethodSpecification)
                        {
                            handle = reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method;
                        }

                        var context = contexts.GetValueOrDefault(handle);
                        contexts[handle] = inPrivateImplementation ? context with { InPrivateImplementation = true } : context with { Elsewhere = true };
                    }
                    else
                    {
                        il.Offset += size;
                    }
                }
            }
        }

        return contexts;
    }

    private static bool HasToken(ILOpCode opCode) => opCode is ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn
        or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Ldtoken
        or ILOpCode.Box or ILOpCode.Unbox or ILOpCode.Unbox_any or ILOpCode.Newarr or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Ldobj
        or ILOpCode.Stobj or ILOpCode.Cpobj or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Initobj or ILOpCode.Constrained
        or ILOpCode.Sizeof or ILOpCode.Jmp or ILOpCode.Mkrefany or ILOpCode.Refanyval;

    /// <summary>The size of an opcode's operand (ECMA-335 III); for switch, reads the count and returns the table's size.</summary>
    private static int OperandSize(ILOpCode opCode, ref BlobReader il)
    {
        if (opCode == ILOpCode.Switch)
        {
            return checked((int)il.ReadUInt32() * 4);
        }

        if (opCode.IsBranch())
        {
            return opCode.GetBranchOperandSize();
        }

        return opCode switch
        {
            ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
                or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned => 1,
            ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
            ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Ldstr or ILOpCode.Calli => 4,
            ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
            _ when HasToken(opCode) => 4,
            _ => 0,
        };
    }

    private readonly record struct UseContext(bool InPrivateImplementation, bool Elsewhere);
}
