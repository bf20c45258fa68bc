namespace PersonalApp.SecurityTests.Contracts;

/// <summary>
/// The extension point of the isolated-tier attacks: like <see cref="IProbe"/>, but its input is plain data, so its
/// plugins can run in a worker process.
/// </summary>
[ExtensionPoint("An isolated probe: computes a text from plain data.")]
public interface IIsolatedProbe
{
    /// <summary>Computes a text from <paramref name="request"/>.</summary>
    /// <param name="request">The text and number to compute from.</param>
    /// <returns>The computed text. An attack that found a secret returns it here, so a test can look for it.</returns>
    string Run(ProbeRequest request);
}
