namespace PersonalApp.Generation;

/// <summary>The C# taken out of a model's answer, or why there is none to take.</summary>
internal sealed record ExtractionResult(string? Source, IReadOnlyList<PersonalizationDiagnostic> Diagnostics)
{
    public bool Succeeded => Source is not null;

    public static ExtractionResult Success(string source) => new(source, []);

    public static ExtractionResult Failure(string id, string message) => new(null, [PersonalizationDiagnostic.Error(id, message)]);
}
