namespace PersonalApp.Catalog;

/// <summary>The APIs of one namespace that a plugin's code uses, as the sandbox policy's analysis found them.</summary>
/// <param name="Namespace">The namespace, for example <c>System.Linq</c> or the host's contract namespace.</param>
/// <param name="Members">The members used (and types named without a member), for example <c>Enumerable.Sum(IEnumerable`1, Func`2)</c>.</param>
public sealed record ApiUsage(string Namespace, IReadOnlyList<string> Members);
