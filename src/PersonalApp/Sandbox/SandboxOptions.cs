using System.Reflection;
using PersonalApp.ExtensionPoints;

namespace PersonalApp.Sandbox;

/// <summary>
/// The sandbox's policy and limits. The policy denies by default and allows pure computation (see docs/policy.md);
/// a host widens it with <see cref="Allow(Type)"/> and <see cref="Allow(MemberInfo)"/>. The contract's own types are
/// always allowed.
/// </summary>
public sealed class SandboxOptions
{
    private readonly List<Type> _types = [];
    private readonly List<MemberInfo> _members = [];

    /// <summary>Gets the limits of every plugin call, unless an extension point sets its own.</summary>
    public SandboxLimits Limits { get; } = new();

    /// <summary>
    /// Gets or sets a value indicating whether layer 1 (the symbol policy) runs. Only the security tests turn it off, to
    /// measure what layer 2 alone would stop.
    /// </summary>
    internal bool SymbolPolicyEnabled { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the in-process layers (symbol policy, guards, IL scan) apply at all. Only the
    /// isolation tests turn them off, to show what the worker process alone contains.
    /// </summary>
    internal bool InProcessLayersEnabled { get; set; } = true;

    internal IReadOnlyList<Type> AllowedTypes => _types;

    internal IReadOnlyList<MemberInfo> AllowedMembers => _members;

    /// <summary>Allows every member of a type (and of its nested types) to plugins.</summary>
    /// <param name="type">The type; for a generic type, its definition (<c>typeof(List&lt;&gt;)</c>).</param>
    /// <returns>The same options, for chaining.</returns>
    public SandboxOptions Allow(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        _types.Add(type.IsGenericType ? type.GetGenericTypeDefinition() : type);
        return this;
    }

    /// <summary>Allows one member: a method or constructor (that overload only), a property (its accessors) or a field.</summary>
    /// <param name="member">The member, for example <c>typeof(Path).GetMethod("GetExtension", [typeof(string)])</c>.</param>
    /// <returns>The same options, for chaining.</returns>
    public SandboxOptions Allow(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member is Type type)
        {
            return Allow(type);
        }

        if (member is not (MethodBase or PropertyInfo or FieldInfo or EventInfo))
        {
            throw new ArgumentException($"Only methods, constructors, properties, fields and events can be allowed, not {member.MemberType}.", nameof(member));
        }

        _members.Add(member);
        return this;
    }

    /// <summary>The documentation ids of the allowed members (properties and events expanded to their accessors).</summary>
    internal IEnumerable<string> AllowedMemberIds()
    {
        foreach (var member in _members)
        {
            switch (member)
            {
                case PropertyInfo property:
                    foreach (var accessor in property.GetAccessors(nonPublic: false))
                    {
                        yield return XmlDocumentation.IdOf(Definition(accessor));
                    }

                    break;
                case EventInfo @event:
                    if (@event.AddMethod is { } add)
                    {
                        yield return XmlDocumentation.IdOf(Definition(add));
                    }

                    if (@event.RemoveMethod is { } remove)
                    {
                        yield return XmlDocumentation.IdOf(Definition(remove));
                    }

                    break;
                case MethodInfo method:
                    yield return XmlDocumentation.IdOf(Definition(method));
                    break;
                default:
                    yield return XmlDocumentation.IdOf(member);
                    break;
            }
        }
    }

    private static MethodInfo Definition(MethodInfo method)
        => method.IsGenericMethod && !method.IsGenericMethodDefinition ? method.GetGenericMethodDefinition() : method;
}
