namespace PersonalApp;

/// <summary>
/// One thing PersonalApp has to say about a request or a plugin version: a stable id, a message a person can
/// act on and, for code, where in the source it points.
/// </summary>
/// <param name="Id">The stable id, for example <c>PA0301</c>; docs/diagnostics.md lists them all.</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">What happened and what to do about it.</param>
public sealed record PersonalizationDiagnostic(string Id, PersonalizationSeverity Severity, string Message)
{
    /// <summary>Gets the compiler's own id (for example <c>CS0103</c>) when the diagnostic comes from Roslyn.</summary>
    public string? CompilerId { get; init; }

    /// <summary>Gets the 1-based line in the generated source the diagnostic points at, if any.</summary>
    public int? Line { get; init; }

    /// <summary>Gets the 1-based column in the generated source the diagnostic points at, if any.</summary>
    public int? Column { get; init; }

    /// <summary>Gets the text of the source line the diagnostic points at, if any.</summary>
    public string? SourceLine { get; init; }

    internal static PersonalizationDiagnostic Error(string id, string message) => new(id, PersonalizationSeverity.Error, message);

    /// <inheritdoc />
    public override string ToString()
    {
        var where = Line is int line ? $" (line {line}{(Column is int col ? $", column {col}" : string.Empty)})" : string.Empty;
        var compiler = CompilerId is null ? string.Empty : $" {CompilerId}";
        return $"{Id}{compiler}{where}: {Message}";
    }
}
