namespace PersonalApp;

/// <summary>
/// The one exception PersonalApp throws at a host for a call it cannot carry out (an unknown plugin version,
/// approving a version that is not pending, a store it cannot open). Expected outcomes of a request,
/// such as code that does not compile, are returned as results instead.
/// </summary>
public class PersonalizationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PersonalizationException"/> class.</summary>
    public PersonalizationException()
        : this("PersonalApp could not carry out the call.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PersonalizationException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public PersonalizationException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PersonalizationException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public PersonalizationException(string message, Exception? innerException)
        : this(DiagnosticIds.General, message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PersonalizationException"/> class.</summary>
    /// <param name="diagnosticId">The stable diagnostic id, for example <c>PA0501</c>.</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public PersonalizationException(string diagnosticId, string message, Exception? innerException = null)
        : base($"{diagnosticId}: {message}", innerException)
    {
        DiagnosticId = diagnosticId;
    }

    /// <summary>Gets the stable diagnostic id (see docs/diagnostics.md).</summary>
    public string DiagnosticId { get; }
}
