using FluentValidation;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;
using PersonalApp.Sqlite;

namespace PersonalApp.Generation;

/// <summary>Checks a request before anything is spent on it: a user, a wish of a sane size, an extension point and plugin that exist.</summary>
internal sealed class PersonalizationRequestValidator : AbstractValidator<PersonalizationRequest>
{
    public PersonalizationRequestValidator(IOptions<PersonalizationOptions> options, ExtensionPointRegistry extensionPoints, IPluginCatalog store)
    {
        var maxLength = options.Value.MaxWishLength;
        RuleFor(r => r.UserId)
            .NotEmpty().WithErrorCode(DiagnosticIds.UserIdMissing)
            .WithMessage("The request has no user id. Pass the id of the signed-in user, so the plugin has an owner.");
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
