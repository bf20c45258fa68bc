namespace PersonalApp.Sandbox;

/// <summary>
/// A member as both policy layers see it: Roslyn's symbols (layer 1) and the emitted metadata (layer 2) are reduced
/// to the same documentation-id form, so one policy judges both.
/// </summary>
/// <param name="TypeId">The declaring type's documentation id without <c>T:</c>, e.g. <c>System.Collections.Generic.List`1</c>.</param>
/// <param name="Name">The member's metadata name, <c>#ctor</c> for constructors, <c>get_X</c> for property getters.</param>
/// <param name="Parameters">The parameter types in documentation-id form, comma-separated, e.g. <c>System.String,System.TimeSpan</c>.</param>
/// <param name="IsStatic">Whether the member is static.</param>
/// <param name="IsField">Whether the member is a field (otherwise a method).</param>
/// <param name="Arity">The number of generic parameters of a generic method; 0 otherwise.</param>
internal readonly record struct MemberKey(string TypeId, string Name, string Parameters, bool IsStatic, bool IsField, int Arity = 0)
{
    /// <summary>Gets the documentation id, e.g. <c>M:System.String.Concat(System.String,System.String)</c>.</summary>
    public string DocId => IsField
        ? $"F:{TypeId}.{Name}"
        : $"M:{TypeId}.{Name}{(Arity > 0 ? "``" + Arity.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}{(Parameters.Length == 0 ? string.Empty : "(" + Parameters + ")")}";

    /// <summary>Gets a short form for messages: <c>Regex.IsMatch(String, String)</c>.</summary>
    public string Display
    {
        get
        {
            var type = TypeId[(TypeId.LastIndexOf('.') + 1)..].Split('`')[0];
            var name = Name switch
            {
                "#ctor" => "new " + type,
                _ when Name.StartsWith("get_", StringComparison.Ordinal) || Name.StartsWith("set_", StringComparison.Ordinal) => $"{type}.{Name[4..]} ({Name[..3]})",
                _ => $"{type}.{Name}",
            };
            if (IsField || Name.StartsWith("get_", StringComparison.Ordinal) || Name.StartsWith("set_", StringComparison.Ordinal))
            {
                return name;
            }

            var parameters = string.Join(", ", Parameters.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p[(p.LastIndexOf('.') + 1)..]));
            return $"{name}({parameters})";
        }
    }
}
