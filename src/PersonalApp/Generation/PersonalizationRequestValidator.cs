using FluentValidation;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;
using PersonalApp.Sqlite;

namespace PersonalApp.Generation;

/// <summary>Checks a request before anything is spent on it: a user, a wish of a sane size, an extension point and plugin that exist.</summary>
/// <remarks>
/// User ids are compared ordinally, exactly as given: "Anna", "anna" and "anna " are three users. PersonalApp does not
/// normalize them; the host passes one stable id per person.
/// </remarks>
internal sealed class PersonalizationRequestValidator : AbstractValidator<PersonalizationRequest>
{
    /// <summary>The longest user id accepted, in characters.</summary>
    public const int MaxUserIdLength = 256;

    public PersonalizationRequestValidator(IOptions<PersonalizationOptions> options, ExtensionPointRegistry extensionPoints, IPluginCatalog store)
    {
        var maxLength = options.Value.MaxWishLength;
        RuleFor(r => r.UserId)
            .NotEmpty().WithErrorCode(DiagnosticIds.UserIdMissing)
            .WithMessage("The request has no user id. Pass the id of the signed-in user, so the plugin has an owner.");
        RuleFor(r => r.UserId)
            .Must(id => id is null || id.Length <= MaxUserIdLength).WithErrorCode(DiagnosticIds.UserIdInvalid)
            .WithMessage(r => $"The user id is {r.UserId.Length:N0} characters long; the limit is {MaxUserIdLength}. Pass the signed-in user's stable id (a subject or account id), not a token or a profile.");
        RuleFor(r => r.UserId)
            .Must(id => id is null || !id.Any(char.IsControl)).WithErrorCode(DiagnosticIds.UserIdInvalid)
            .WithMessage("The user id contains control characters (line breaks, tabs, NUL...). Pass the signed-in user's stable id exactly as your identity system gives it.");
        RuleFor(r => r.Wish)
            .Must(w => !string.IsNullOrWhiteSpace(w)).WithErrorCode(DiagnosticIds.WishEmpty)
            .WithMessage("The wish is empty. Describe the feature you want in a sentence, for example \"20% off for groups of more than ten on weekdays\".");
        RuleFor(r => r.Wish)
            .Must(w => w is null || w.Length <= maxLength).WithErrorCode(DiagnosticIds.WishTooLong)
            .WithMessage(r => $"The wish is {r.Wish.Length:N0} characters long; the limit is {maxLength:N0}. Say it in fewer words, or split it into several wishes.");
        RuleFor(r => r.ExtensionPoint)
            .Must(name => name is null || extensionPoints.FindByName(name) is not null).WithErrorCode(DiagnosticIds.ExtensionPointUnknown)
            .WithMessage(r => $"There is no extension point named '{r.ExtensionPoint}'. Choose one of: {string.Join(", ", extensionPoints.All.Select(p => p.Name))}.");
        RuleFor(r => r)
            .Must(r => r.PluginId is null || store.GetLatest(r.PluginId) is { } latest && string.Equals(latest.Owner, r.UserId, StringComparison.Ordinal))
            .WithErrorCode(DiagnosticIds.PluginUnknown)
            .WithMessage(r => $"The user '{r.UserId}' has no plugin with id '{r.PluginId}' to change. Leave PluginId empty to ask for a new feature.")
            .When(r => !string.IsNullOrWhiteSpace(r.UserId));
    }
}
