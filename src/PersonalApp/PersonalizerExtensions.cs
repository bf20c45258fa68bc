namespace PersonalApp;

/// <summary>Shorthands for <see cref="IPersonalizer"/>.</summary>
public static class PersonalizerExtensions
{
    /// <summary>Turns a user's wish into a plugin version waiting for approval; the extension point is chosen from the wish.</summary>
    /// <param name="personalizer">The personalizer.</param>
    /// <param name="userId">Who asks.</param>
    /// <param name="wish">What they want, in their own words.</param>
    /// <param name="progress">Receives each stage as it starts, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Pending approval with the plugin version, or failed with diagnostics.</returns>
    public static Task<PersonalizationResult> RequestAsync(
        this IPersonalizer personalizer,
        string userId,
        string wish,
        IProgress<PersonalizationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personalizer);
        return personalizer.RequestAsync(new PersonalizationRequest(userId, wish), progress, cancellationToken);
    }
}
