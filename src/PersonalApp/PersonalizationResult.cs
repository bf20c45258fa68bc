using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp;

/// <summary>
/// What became of a request: a plugin version waiting for approval, an approved plugin offered instead (no tokens
/// spent), or a failure with diagnostics a person can read.
/// </summary>
public sealed record PersonalizationResult
{
    /// <summary>Gets the request's id, as stored in the audit log.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets a value indicating whether a plugin version was made and waits for approval.</summary>
    public bool IsPendingApproval => Plugin is not null;

    /// <summary>Gets the version waiting for approval, or <see langword="null"/> when the request failed.</summary>
    public PluginVersionKey? Plugin { get; init; }

    /// <summary>Gets what became of the request.</summary>
    public PersonalizationResultKind Kind
        => Plugin is not null ? PersonalizationResultKind.PendingApproval
            : ReusedPlugin is not null ? PersonalizationResultKind.ExistingPluginOffered
            : PersonalizationResultKind.Failed;

    /// <summary>
    /// Gets the approved plugin version offered instead of writing a new one, when an existing plugin already answers the
    /// wish; the diagnostics say whether the user already gets it. Ask again with
    /// <see cref="PersonalizationRequest.ReuseExisting"/> set to <see langword="false"/> to have a new one written anyway.
    /// </summary>
    public PluginVersionKey? ReusedPlugin { get; init; }

    /// <summary>Gets the tokens not spent because an existing plugin was offered: what that plugin cost to write.</summary>
    public long TokensSaved { get; init; }

    /// <summary>Gets the extension point the plugin implements, when one was chosen.</summary>
    public string? ExtensionPoint { get; init; }

    /// <summary>Gets what went wrong (on failure) or what was noted on the way (on success).</summary>
    public IReadOnlyList<PersonalizationDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>Gets the number of repair rounds used.</summary>
    public int RepairRounds { get; init; }

    /// <summary>Gets the input tokens the model used, over every round.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the output tokens the model used, over every round.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets the failure as one line per diagnostic, for showing a person.</summary>
    /// <returns>The diagnostics' texts.</returns>
    public override string ToString()
        => Kind switch
        {
            PersonalizationResultKind.PendingApproval => $"Pending approval: {Plugin}",
            PersonalizationResultKind.ExistingPluginOffered => $"Existing plugin offered: {ReusedPlugin} ({TokensSaved:N0} tokens saved)",
            _ => "Failed: " + string.Join(Environment.NewLine, Diagnostics.Select(d => d.ToString())),
        };
}
