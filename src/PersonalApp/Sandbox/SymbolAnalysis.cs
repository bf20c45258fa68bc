using PersonalApp.Catalog;
namespace PersonalApp.Sandbox;

/// <summary>What layer 1 found in a plugin's code: the problems, and every API it was allowed to use with the line of its first use.</summary>
/// <param name="Problems">The policy violations; empty when the code passed.</param>
/// <param name="Used">Each allowed API the code uses, with the 1-based line where it is first used.</param>
internal sealed record SymbolAnalysis(IReadOnlyList<PersonalizationDiagnostic> Problems, IReadOnlyDictionary<ApiReference, int> Used)
{
    /// <summary>
    /// The APIs grouped by namespace for people to read: members, plus the types used without any member; C#'s built-in
    /// types are left out when only named (every plugin names <c>int</c> and <c>string</c>).
    /// </summary>
    public IReadOnlyList<ApiUsage> ByNamespace()
    {
        var members = Used.Keys.Where(r => !r.IsType).ToList();
        var typesWithMembers = members.Select(m => TypeOf(m.DocId)).ToHashSet(StringComparer.Ordinal);
        return Used.Keys
            .Where(r => !r.IsType || (!r.IsBuiltIn && !typesWithMembers.Contains(r.DocId[2..])))
            .GroupBy(r => r.Namespace, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ApiUsage(g.Key, [.. g.Select(r => r.Display).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .ToList();
    }

    private static string TypeOf(string memberDocId)
    {
        var withoutParameters = memberDocId.Split('(')[0];
        var name = withoutParameters[2..];
        return name[..name.LastIndexOf('.')];
    }
}
