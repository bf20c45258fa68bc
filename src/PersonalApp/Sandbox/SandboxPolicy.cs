using System.Text;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.Sandbox;

/// <summary>
/// The policy both static layers apply: deny by default, allow the listed types (minus their denied members), the
/// members a host allowed one by one, and the host's contract assemblies. The IL layer also allows what only
/// compiler-generated code uses.
/// </summary>
internal sealed class SandboxPolicy
{
    /// <summary>The namespace of the injected guards: host code, but never callable from plugin source.</summary>
    public const string GuardNamespace = "PersonalApp.Sandbox";

    private readonly Dictionary<string, TypeRule> _types;
    private readonly HashSet<string> _members;
    private readonly HashSet<string> _memberTypes;
    private readonly HashSet<string> _compilerTypes;
    private readonly IReadOnlyDictionary<string, string> _compilerMembers;
    private readonly HashSet<string> _compilerMemberTypes;

    public SandboxPolicy(IEnumerable<TypeRule> types, IEnumerable<string> memberIds, IEnumerable<string> hostAssemblies)
    {
        _types = types.ToDictionary(t => t.TypeId, StringComparer.Ordinal);
        _members = new HashSet<string>(memberIds, StringComparer.Ordinal);
        _memberTypes = new HashSet<string>(_members.Select(TypeOfMemberId), StringComparer.Ordinal);
        HostAssemblies = new HashSet<string>(hostAssemblies, StringComparer.Ordinal);
        _compilerTypes = new HashSet<string>(DefaultSandboxPolicy.CompilerTypes, StringComparer.Ordinal);
        _compilerMembers = DefaultSandboxPolicy.CompilerMembers;
        _compilerMemberTypes = new HashSet<string>(_compilerMembers.Keys.Concat(DefaultSandboxPolicy.PrivateImplementationMembers).Select(TypeOfMemberId), StringComparer.Ordinal);
        FrameworkAssemblies = ReferenceAssemblyIndex.AssembliesOf(AllowedTypeIds)
            .Values
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The framework reference assemblies that define an allowed type: the only ones a plugin may reference.</summary>
    public IReadOnlySet<string> FrameworkAssemblies { get; }

    /// <summary>Every type the policy names (its types, the types of its members and what compiler-generated code uses), in documentation-id form.</summary>
    internal IEnumerable<string> AllowedTypeIds => _types.Keys.Concat(_memberTypes).Concat(_compilerTypes).Concat(_compilerMemberTypes);

    /// <summary>Assemblies whose types plugins may use freely: PersonalApp.Abstractions and the host's contract assemblies.</summary>
    public IReadOnlySet<string> HostAssemblies { get; }

    public IReadOnlyCollection<TypeRule> Types => _types.Values;

    public IReadOnlyCollection<string> Members => _members;

    /// <summary>Builds the policy in force for one extension point: the defaults, the host's additions and its contract assemblies.</summary>
    public static SandboxPolicy For(SandboxOptions options, IEnumerable<string> hostAssemblies)
    {
        var types = DefaultSandboxPolicy.Types
            .Concat(options.AllowedTypes.Select(t => new TypeRule(XmlDocumentation.IdOf(t)[2..], [])))
            .GroupBy(t => t.TypeId, StringComparer.Ordinal)
            .Select(g => g.Last());
        return new SandboxPolicy(types, options.AllowedMemberIds(), hostAssemblies);
    }

    /// <summary>Whether plugin code may name a type (layer 1), or reference it (layer 2).</summary>
    public bool AllowsType(string? assembly, string typeId, PolicyLayer layer)
    {
        if (assembly is not null && HostAssemblies.Contains(assembly))
        {
            return !typeId.StartsWith(GuardNamespace + ".", StringComparison.Ordinal) || (layer == PolicyLayer.IL && typeId is GuardNamespace + ".PluginGuard" or GuardNamespace + ".GuardScope");
        }

        if (FindTypeRule(typeId) is not null || _memberTypes.Contains(typeId) || InAllowedNamespace(typeId))
        {
            return true;
        }

        return layer == PolicyLayer.IL && (_compilerTypes.Contains(typeId) || _compilerMemberTypes.Contains(typeId));
    }

    /// <summary>Whether plugin code may use a member. <paramref name="inPrivateImplementation"/>: the use is in the compiler's own helper type.</summary>
    public bool AllowsMember(string? assembly, MemberKey member, PolicyLayer layer, bool inPrivateImplementation = false)
    {
        var id = member.DocId;
        if (assembly is not null && HostAssemblies.Contains(assembly) && !member.TypeId.StartsWith(GuardNamespace + ".", StringComparison.Ordinal))
        {
            return true;
        }

        if (_members.Contains(id))
        {
            return true;
        }

        if (FindTypeRule(member.TypeId) is { } rule)
        {
            return !rule.Denies(member);
        }

        if (InAllowedNamespace(member.TypeId))
        {
            return true;
        }

        if (layer != PolicyLayer.IL)
        {
            return false;
        }

        return _compilerTypes.Contains(member.TypeId)
            || _compilerMembers.ContainsKey(id)
            || (inPrivateImplementation && DefaultSandboxPolicy.PrivateImplementationMembers.Contains(id));
    }

    /// <summary>The policy in a compact form for the prompt: allowed types by namespace, with their exceptions.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var group in _types.Values.GroupBy(t => t.Namespace).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var names = group
                .GroupBy(t => t.Display, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(t => t.Display, StringComparer.Ordinal)
                .Select(t => t.Except.Count == 0 && t.Note is null
                    ? t.Display
                    : $"{t.Display} ({t.Note ?? "except " + string.Join(", ", t.Except.Select(Friendly))})");
            text.Append("- ").Append(group.Key).Append(": ").AppendJoin(", ", names).AppendLine();
        }

        foreach (var ns in DefaultSandboxPolicy.Namespaces)
        {
            text.Append("- ").Append(ns).AppendLine(": all (attributes)");
        }

        if (_members.Count > 0)
        {
            text.Append("- single members: ").AppendJoin(", ", _members.Order(StringComparer.Ordinal).Select(m => m[2..])).AppendLine();
        }

        text.AppendLine("- the contract's own types, and your own types");
        return text.ToString();
    }

    internal static string Friendly(string memberName)
        => memberName.StartsWith("get_", StringComparison.Ordinal) || memberName.StartsWith("set_", StringComparison.Ordinal)
            ? memberName[4..] + (memberName[0] == 's' ? " (set)" : string.Empty)
            : memberName;

    private TypeRule? FindTypeRule(string typeId)
    {
        // A nested type of an allowed type is allowed (List<T>.Enumerator); strip one segment at a time.
        for (var id = typeId; id.Length > 0;)
        {
            if (_types.TryGetValue(id, out var rule))
            {
                return rule;
            }

            var dot = id.LastIndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            id = id[..dot];
        }

        return null;
    }

    private static bool InAllowedNamespace(string typeId)
        => DefaultSandboxPolicy.Namespaces.Any(ns => typeId.StartsWith(ns + ".", StringComparison.Ordinal) && typeId.IndexOf('.', ns.Length + 1) < 0);

    private static string TypeOfMemberId(string memberId)
    {
        var withoutParameters = memberId.Split('(')[0];
        return withoutParameters[2..withoutParameters.LastIndexOf('.')];
    }
}
