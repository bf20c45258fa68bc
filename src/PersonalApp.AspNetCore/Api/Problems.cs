using Microsoft.AspNetCore.Http;

namespace PersonalApp.AspNetCore.Api;

/// <summary>
/// Turns the engine's refusals into RFC 9457 problem details: field errors for a wish it would not take, 404 for what
/// the caller may not see, 409 for a decision on a version that moved on, 429 for a spent token budget.
/// </summary>
internal static class Problems
{
    private const string TypeBase = "https://github.com/personalapp/personalapp/blob/main/docs/diagnostics.md#";

    public static IResult NotFound(string what)
        => TypedResults.Problem(
            detail: $"There is no {what} you can see. Check the id, or list what you have.",
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found");

    public static IResult Forbidden(string detail)
        => TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static IResult Field(string field, string message)
        => TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            title: "The request has invalid fields");

    public static IResult UnsupportedMediaType()
        => TypedResults.Problem(
            detail: "Send the body as JSON with 'Content-Type: application/json'. (Every state-changing call requires it, which also keeps other sites' forms from posting here.)",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "JSON required");

    /// <summary>A request the engine refused before writing anything (validation or budget), or <see langword="null"/> when the failure belongs in the stream.</summary>
    public static IResult? FromRefusedRequest(PersonalizationResult result)
    {
        if (result.Kind != PersonalizationResultKind.Failed || result.Diagnostics.Count == 0)
        {
            return null;
        }

        var diagnostics = result.Diagnostics.Select(DiagnosticView.From).ToList();
        var extensions = new Dictionary<string, object?> { ["requestId"] = result.RequestId, ["diagnostics"] = diagnostics };
        var budget = result.Diagnostics.FirstOrDefault(d => d.Id is DiagnosticIds.UserTokenBudgetSpent or DiagnosticIds.HostTokenBudgetSpent);
        if (budget is not null)
        {
            return TypedResults.Problem(
                detail: budget.Message,
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Token budget spent",
                type: TypeBase + budget.Id.ToLowerInvariant(),
                extensions: extensions);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var diagnostic in result.Diagnostics)
        {
            if (FieldOf(diagnostic.Id) is not { } field)
            {
                return null;
            }

            errors[field] = [.. errors.GetValueOrDefault(field, []), $"{diagnostic.Id}: {diagnostic.Message}"];
        }

        return TypedResults.ValidationProblem(
            errors,
            detail: "The wish was not taken: nothing was written and no tokens were spent.",
            title: "The wish has invalid fields",
            extensions: extensions);
    }

    public static IResult FromException(PersonalizationException exception)
    {
        var (status, title) = exception.DiagnosticId switch
        {
            DiagnosticIds.VersionNotFound or DiagnosticIds.PluginUnknown => (StatusCodes.Status404NotFound, "Not found"),
            DiagnosticIds.InvalidTransition => (StatusCodes.Status409Conflict, "The version is no longer in that state"),
            DiagnosticIds.ApprovalBlockedByChecks or DiagnosticIds.HashMismatch or DiagnosticIds.ContractChanged => (StatusCodes.Status409Conflict, "The version cannot be approved"),
            DiagnosticIds.GrantNotRequested or DiagnosticIds.ContractNotIsolatable or DiagnosticIds.ActorMissing => (StatusCodes.Status400BadRequest, "The decision has invalid fields"),
            _ => (StatusCodes.Status422UnprocessableEntity, "PersonalApp could not carry out the call"),
        };
        if (status == StatusCodes.Status400BadRequest)
        {
            var field = exception.DiagnosticId switch
            {
                DiagnosticIds.GrantNotRequested => "grantedCapabilities",
                DiagnosticIds.ContractNotIsolatable => "placement",
                _ => "actor",
            };
            return Field(field, exception.Message);
        }

        return TypedResults.Problem(
            detail: exception.Message,
            statusCode: status,
            title: title,
            type: TypeBase + exception.DiagnosticId.ToLowerInvariant(),
            extensions: new Dictionary<string, object?> { ["diagnosticId"] = exception.DiagnosticId });
    }

    private static string? FieldOf(string id) => id switch
    {
        DiagnosticIds.WishEmpty or DiagnosticIds.WishTooLong => "wish",
        DiagnosticIds.UserIdMissing => "userId",
        DiagnosticIds.ExtensionPointUnknown or DiagnosticIds.ExtensionPointAmbiguous or DiagnosticIds.NoExtensionPoints => "extensionPoint",
        DiagnosticIds.PluginUnknown => "pluginId",
        _ => null,
    };
}
