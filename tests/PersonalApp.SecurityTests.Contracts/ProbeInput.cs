namespace PersonalApp.SecurityTests.Contracts;

/// <summary>
/// The input handed to an <see cref="IProbe"/>: a text and a number a probe may use, and a planted secret it must
/// never be able to read.
/// </summary>
public sealed class ProbeInput
{
    // Planted secret: private on purpose. Attack fixtures try to read it by reflection, unsafe accessors,
    // memory reinterpretation and similar tricks; the security tests check that the output never contains it.
    private readonly string _secret;

    /// <summary>Initializes a new instance of the <see cref="ProbeInput"/> class.</summary>
    /// <param name="text">The text a probe may use.</param>
    /// <param name="number">The number a probe may use.</param>
    /// <param name="secret">The planted secret, kept private; no probe may ever read it.</param>
    public ProbeInput(string text, int number, string secret)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(secret);
        Text = text;
        Number = number;
        _secret = secret;
    }

    /// <summary>Gets the text a probe may use.</summary>
    public string Text { get; }

    /// <summary>Gets the number a probe may use.</summary>
    public int Number { get; }

    // Private on purpose: attack fixtures try to call it by reflection or [UnsafeAccessor].
    private string Reveal() => _secret;

    /// <summary>Returns the public parts of the input; never the secret.</summary>
    /// <returns>A text with <see cref="Text"/> and <see cref="Number"/>.</returns>
    public override string ToString() => $"ProbeInput {{ Text = {Text}, Number = {Number} }}";
}
