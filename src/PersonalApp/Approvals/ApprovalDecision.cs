using PersonalApp.Catalog;
using PersonalApp.Runtime;

namespace PersonalApp.Approvals;

/// <summary>An admin's approval of a plugin version: who, why, and under which conditions it may run.</summary>
/// <param name="ApprovedBy">Who approves; written to the audit log.</param>
/// <param name="Reason">Why, in their words; written to the audit log.</param>
public sealed record ApprovalDecision(string ApprovedBy, string? Reason = null)
{
    /// <summary>Gets where the plugin runs, or <see langword="null"/> for <c>PersonalizationOptions.DefaultPlacement</c>.</summary>
    public PluginPlacement? Placement { get; init; }

    /// <summary>Gets the capabilities the admin grants (by name, for example <c>storage</c>); a capability not granted is absent at run time.</summary>
    public IReadOnlySet<string> GrantedCapabilities { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
