namespace PersonalApp.SecurityTests.Contracts;

/// <summary>
/// The extension point that every sandbox attack fixture implements: a probe computes a text from its input.
/// </summary>
/// <remarks>
/// A well-behaved probe only computes. The attack fixtures implement it to try everything else (reading the
/// planted secrets, hanging or crashing the host, changing global state), and the security tests check that
/// the sandbox layers stop them.
/// </remarks>
[ExtensionPoint("A probe: computes a text from its input.")]
public interface IProbe
{
    /// <summary>Computes a text from <paramref name="input"/>.</summary>
    /// <param name="input">The text and number to compute from.</param>
    /// <returns>The computed text. An attack that found a secret returns it here, so a test can look for it.</returns>
    string Run(ProbeInput input);
}
