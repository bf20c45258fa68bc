namespace PersonalApp.AspNetCore.Api;

/// <summary>One diagnostic of the engine, as text.</summary>
internal sealed record DiagnosticView(string Id, string Severity, string Message, int? Line)
{
    public static DiagnosticView From(PersonalizationDiagnostic diagnostic)
        => new(diagnostic.Id, diagnostic.Severity.ToString(), diagnostic.Message, diagnostic.Line);
}
