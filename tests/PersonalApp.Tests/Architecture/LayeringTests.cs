using Mono.Cecil;
using Mono.Cecil.Cil;
using PersonalApp.Catalog;

namespace PersonalApp.Tests.Architecture;

/// <summary>
/// The layers only ever point down. Reads the engine's compiled IL (signatures, bodies, attributes, generic arguments),
/// so a dependency hidden in a lambda or a local is found as surely as one in a field.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Lazy<ModuleDefinition> Engine = new(() => ModuleDefinition.ReadModule(typeof(PersonalizationOptions).Assembly.Location));

    [Fact]
    public void EngineTypes_EveryNamespace_BelongsToALayer()
    {
        var unmapped = Engine.Value.Types
            .Where(t => t.Name != "<Module>" && !IsCompilerGenerated(t))
            .Where(t => LayerMap.LayerOf(t.Namespace, t.Name) == "unmapped")
            .Select(t => t.FullName)
            .ToList();

        Assert.True(unmapped.Count == 0, "These types are in no layer; add their namespace to LayerMap and docs/architecture.md: " + string.Join(", ", unmapped));
    }

    [Fact]
    public void EngineTypes_Dependencies_PointOnlyDown()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in AllTypes(Engine.Value.Types))
        {
            var outer = Outermost(type);
            if (LayerMap.LayerOf(outer.Namespace, outer.Name) is not { } layer || layer == "unmapped")
            {
                continue;
            }

            foreach (var used in References(type))
            {
                var target = Outermost(used);
                if (LayerMap.LayerOf(target.Namespace, target.Name) is { } targetLayer && targetLayer != "unmapped" && LayerMap.Rank(targetLayer) > LayerMap.Rank(layer))
                {
                    violations.Add($"{outer.FullName} ({layer}) uses {target.FullName} ({targetLayer})");
                }
            }
        }

        Assert.True(violations.Count == 0, "A lower layer uses a higher one:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void EngineTypes_OutsideTheStoresAndTheSurfaces_UseTheCatalogOnlyThroughItsInterfaces()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in AllTypes(Engine.Value.Types))
        {
            var outer = Outermost(type);
            if (LayerMap.LayerOf(outer.Namespace, outer.Name) is "catalog stores" or "surfaces" or null)
            {
                continue;
            }

            foreach (var used in References(type).Select(Outermost).Where(t => t.Namespace == "PersonalApp.Sqlite"))
            {
                violations.Add($"{outer.FullName} uses {used.FullName}");
            }
        }

        Assert.True(violations.Count == 0, "Use IPluginCatalog, IPluginDataStore or ICapabilityUsageStore instead:\n" + string.Join("\n", violations));
    }

    private static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        IEnumerable<TypeReference> Of(TypeReference? reference)
        {
            if (reference is null)
            {
                yield break;
            }

            if (reference is GenericInstanceType generic)
            {
                foreach (var argument in generic.GenericArguments.SelectMany(Of))
                {
                    yield return argument;
                }
            }

            if (reference is TypeSpecification specification)
            {
                foreach (var element in Of(specification.ElementType))
                {
                    yield return element;
                }

                yield break;
            }

            if (reference is not GenericParameter && IsEngine(reference))
            {
                yield return reference;
            }
        }

        var found = new List<TypeReference>();
        found.AddRange(Of(type.BaseType));
        found.AddRange(type.Interfaces.SelectMany(i => Of(i.InterfaceType)));
        found.AddRange(type.CustomAttributes.SelectMany(a => Of(a.AttributeType)));
        found.AddRange(type.Fields.SelectMany(f => Of(f.FieldType)));
        found.AddRange(type.Properties.SelectMany(p => Of(p.PropertyType)));
        foreach (var method in type.Methods)
        {
            found.AddRange(Of(method.ReturnType));
            found.AddRange(method.Parameters.SelectMany(p => Of(p.ParameterType)));
            found.AddRange(method.CustomAttributes.SelectMany(a => Of(a.AttributeType)));
            if (!method.HasBody)
            {
                continue;
            }

            found.AddRange(method.Body.Variables.SelectMany(v => Of(v.VariableType)));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        found.AddRange(Of(t));
                        break;
                    case MethodReference m:
                        found.AddRange(Of(m.DeclaringType));
                        found.AddRange(Of(m.ReturnType));
                        if (m is GenericInstanceMethod gm)
                        {
                            found.AddRange(gm.GenericArguments.SelectMany(Of));
                        }

                        break;
                    case FieldReference f:
                        found.AddRange(Of(f.DeclaringType));
                        break;
                }
            }
        }

        return found;
    }

    private static bool IsEngine(TypeReference reference)
        => reference.Scope is ModuleDefinition module ? module == Engine.Value : reference.Module == Engine.Value && reference.Scope.MetadataScopeType == MetadataScopeType.ModuleDefinition;

    private static IEnumerable<TypeDefinition> AllTypes(IEnumerable<TypeDefinition> types)
        => types.SelectMany(t => AllTypes(t.NestedTypes).Prepend(t)).Where(t => t.Name != "<Module>");

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static bool IsCompilerGenerated(TypeDefinition type)
        => type.Name.StartsWith('<') || type.CustomAttributes.Any(a => a.AttributeType.Name == "CompilerGeneratedAttribute");
}
