namespace PersonalApp.AspNetCore.Api;

/// <summary>The APIs a plugin uses in one namespace.</summary>
internal sealed record ApiUsageView(string Namespace, IReadOnlyList<string> Members);
