using PersonalApp.ExtensionPoints;

namespace PersonalApp;

/// <summary>The end user's entry point: turns a wish into a plugin version that waits for an admin's approval.</summary>
public interface IPersonalizer
{
    /// <summary>Gets the extension points the host declared, for a UI to offer.</summary>
    IReadOnlyList<ExtensionPoint> ExtensionPoints { get; }

    /// <summary>
    /// Validates the request, asks the model for a plugin, compiles it (repairing it with the compiler's diagnostics,
    /// a bounded number of rounds) and stores it pending approval.
    /// </summary>
    /// <param name="request">The user and their wish.</param>
    /// <param name="progress">Receives each stage as it starts, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request; an <see cref="OperationCanceledException"/> is thrown and nothing is stored as pending.</param>
    /// <returns>Pending approval with the plugin version, or failed with diagnostics. Expected failures never throw.</returns>
    Task<PersonalizationResult> RequestAsync(PersonalizationRequest request, IProgress<PersonalizationProgress>? progress = null, CancellationToken cancellationToken = default);
}
