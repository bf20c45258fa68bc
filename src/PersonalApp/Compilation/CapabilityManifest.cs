using Microsoft.CodeAnalysis;
using PersonalApp.Capabilities;
using PersonalApp.Sandbox;

namespace PersonalApp.Compilation;

/// <summary>
/// Checks a plugin's manifest (its <see cref="UsesCapabilitiesAttribute"/>) against what its code uses, as the symbol
/// policy's analysis saw it: every capability used must be declared, every one declared must be used and offered by
/// the host. Problems are diagnostics the model can repair.
/// </summary>
internal static class CapabilityManifest
{
    private const string Namespace = "PersonalApp.Capabilities.";

    private static readonly Dictionary<string, string> ByType = new(StringComparer.Ordinal)
    {
        [Namespace + nameof(IPluginStorage)] = CapabilityNames.Storage,
        [Namespace + nameof(IPluginClock)] = CapabilityNames.Clock,
        [Namespace + nameof(IPluginLog)] = CapabilityNames.Log,
        [Namespace + nameof(IPluginHttp)] = CapabilityNames.Http,
    };

    private static readonly Dictionary<string, string> ByMember = new(StringComparer.Ordinal)
    {
        ["M:" + Namespace + "PluginContext.get_Storage"] = CapabilityNames.Storage,
        ["M:" + Namespace + "PluginContext.get_Clock"] = CapabilityNames.Clock,
        ["M:" + Namespace + "PluginContext.get_Log"] = CapabilityNames.Log,
        ["M:" + Namespace + "PluginContext.get_Http"] = CapabilityNames.Http,
    };

    /// <summary>The capabilities the code uses, each with the line and API of its first use.</summary>
    public static IReadOnlyDictionary<string, (int Line, string Api)> Used(SymbolAnalysis analysis)
    {
        var used = new Dictionary<string, (int Line, string Api)>(StringComparer.Ordinal);
        foreach (var (reference, line) in analysis.Used.OrderBy(u => u.Value))
        {
            if (CapabilityOf(reference) is { } capability && !used.ContainsKey(capability))
            {
                used[capability] = (line, reference.Display);
            }
        }

        return used;
    }

    /// <summary>The capabilities the class declares, in the order of <see cref="CapabilityNames.All"/>, and the problems with its manifest.</summary>
    public static (IReadOnlyList<string> Declared, IReadOnlyList<PersonalizationDiagnostic> Problems) Check(
        INamedTypeSymbol implementer, SymbolAnalysis analysis, IReadOnlySet<string> offered)
    {
        var problems = new List<PersonalizationDiagnostic>();
        var attribute = implementer.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Namespace + nameof(UsesCapabilitiesAttribute));
        var attributeSyntax = attribute?.ApplicationSyntaxReference?.GetSyntax();
        var attributeLine = attributeSyntax is null ? (int?)null : attributeSyntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        var declared = new HashSet<string>(StringComparer.Ordinal);
        if (attribute is { ConstructorArguments: [{ Kind: TypedConstantKind.Array } names] })
        {
            foreach (var name in names.Values.Select(v => v.Value as string))
            {
                if (!CapabilityNames.IsKnown(name))
                {
                    problems.Add(At(attributeLine, attributeSyntax, DiagnosticIds.CapabilityUnknown,
                        $"[UsesCapabilities] names '{name}', which is not a capability. The capabilities are: {string.Join(", ", CapabilityNames.All)}; nothing else can be granted (no files, processes or native code)."));
                }
                else if (!offered.Contains(name!))
                {
                    problems.Add(At(attributeLine, attributeSyntax, DiagnosticIds.CapabilityUnknown,
                        $"[UsesCapabilities] names '{name}', which this host does not offer (offered: {string.Join(", ", offered)}). Write the plugin without it."));
                }
                else
                {
                    declared.Add(name!);
                }
            }
        }

        var used = Used(analysis);
        foreach (var (capability, (line, api)) in used.Where(u => !offered.Contains(u.Key)))
        {
            problems.Add(new PersonalizationDiagnostic(DiagnosticIds.CapabilityUnknown, PersonalizationSeverity.Error,
                $"The code uses the '{capability}' capability ({api}), which this host does not offer (offered: {string.Join(", ", offered)}). Write the plugin without it.")
            {
                Line = line,
            });
        }

        var undeclared = used.Where(u => offered.Contains(u.Key) && !declared.Contains(u.Key)).ToList();
        if (undeclared.Count > 0)
        {
            // One diagnostic for all of them: the fix is one attribute.
            var (capability, (line, api)) = undeclared[0];
            var others = undeclared.Count > 1 ? $" (and {string.Join(", ", undeclared.Skip(1).Select(u => $"'{u.Key}'"))})" : string.Empty;
            problems.Add(new PersonalizationDiagnostic(DiagnosticIds.CapabilityUndeclared, PersonalizationSeverity.Error,
                $"The code uses the '{capability}' capability ({api}){others} but its class does not declare it. Put [UsesCapabilities({Declaration(used.Keys.Where(offered.Contains))})] on class {implementer.Name}, listing every capability it uses.")
            {
                Line = line,
            });
        }

        foreach (var capability in declared.Where(d => !used.ContainsKey(d)))
        {
            problems.Add(At(attributeLine, attributeSyntax, DiagnosticIds.CapabilityUnused,
                $"The class declares the '{capability}' capability but never uses it. Declare only what the code uses: {(used.Count == 0 ? "remove [UsesCapabilities]" : $"[UsesCapabilities({Declaration(used.Keys.Where(offered.Contains))})]")}."));
        }

        return ([.. CapabilityNames.All.Where(declared.Contains)], problems);
    }

    private static string? CapabilityOf(ApiReference reference)
    {
        if (ByMember.TryGetValue(reference.DocId, out var byMember))
        {
            return byMember;
        }

        var typeId = reference.IsType ? reference.DocId[2..] : TypeOf(reference.DocId);
        return ByType.GetValueOrDefault(typeId);
    }

    private static string TypeOf(string memberDocId)
    {
        var name = memberDocId.Split('(')[0][2..];
        return name[..Math.Max(0, name.LastIndexOf('.'))];
    }

    private static string Declaration(IEnumerable<string> capabilities)
        => string.Join(", ", CapabilityNames.All.Where(capabilities.Contains).Select(c => $"\"{c}\""));

    private static PersonalizationDiagnostic At(int? line, SyntaxNode? syntax, string id, string message)
        => new(id, PersonalizationSeverity.Error, message) { Line = line, SourceLine = syntax?.ToString() };
}
