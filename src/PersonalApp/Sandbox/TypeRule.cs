namespace PersonalApp.Sandbox;

/// <summary>An allowed type, with the members of it that stay denied.</summary>
/// <param name="TypeId">The type's documentation id without <c>T:</c>. Nested types of an allowed type are allowed too.</param>
/// <param name="Except">Names of members that are denied whatever their overload (for example <c>get_Now</c>).</param>
/// <param name="DenyWhen">Denies particular overloads; <see langword="null"/> when only <paramref name="Except"/> applies.</param>
/// <param name="Note">What the model should know about the type, shown in the prompt and the policy report.</param>
internal sealed record TypeRule(string TypeId, IReadOnlyList<string> Except, Func<MemberKey, bool>? DenyWhen = null, string? Note = null)
{
    public bool Denies(MemberKey member) => Except.Contains(member.Name) || (DenyWhen?.Invoke(member) ?? false);

    /// <summary>Gets the type as C# names it, e.g. <c>List&lt;T&gt;</c>, <c>Func&lt;...&gt;</c>.</summary>
    public string Display
    {
        get
        {
            var name = TypeId[(TypeId.LastIndexOf('.') + 1)..];
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            if (tick < 0)
            {
                return name;
            }

            var arity = int.Parse(name[(tick + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            return name[..tick] + (arity == 1 ? "<T>" : arity == 2 ? "<T1,T2>" : $"<{arity} type args>");
        }
    }

    public string Namespace => TypeId[..Math.Max(0, TypeId.LastIndexOf('.'))];
}
