using FluentValidation;
using Microsoft.Extensions.Options;

namespace PersonalApp;

/// <summary>Checks <see cref="PersonalizationOptions"/> at start-up; every message names the option and says what to do.</summary>
internal sealed class PersonalizationOptionsValidator : AbstractValidator<PersonalizationOptions>, IValidateOptions<PersonalizationOptions>
{
    public PersonalizationOptionsValidator()
    {
        RuleFor(o => o.StorePath)
            .Cascade(CascadeMode.Stop)
            .NotEmpty()
            .WithMessage("PersonalizationOptions.StorePath is empty: set it to the path of a SQLite file, for example Path.Combine(dataDir, \"personalapp.db\").")
            .Must(p => p.IndexOfAny(Path.GetInvalidPathChars()) < 0)
            .WithMessage(o => $"PersonalizationOptions.StorePath '{o.StorePath}' contains characters that are not allowed in a path.")
            .Must(p => !Directory.Exists(p))
            .WithMessage(o => $"PersonalizationOptions.StorePath '{o.StorePath}' is a folder: name a file inside it, for example '{Path.Combine(o.StorePath, "personalapp.db")}'.");
        RuleFor(o => o.MaxRepairRounds).InclusiveBetween(0, 10)
            .WithMessage(o => $"PersonalizationOptions.MaxRepairRounds is {o.MaxRepairRounds}: use a value from 0 (no repair) to 10.");
        RuleFor(o => o.MaxAnswerBytes).InclusiveBetween(1024, 1024 * 1024)
            .WithMessage(o => $"PersonalizationOptions.MaxAnswerBytes is {o.MaxAnswerBytes}: use a value from 1,024 to 1,048,576 bytes.");
        RuleFor(o => o.MaxWishLength).InclusiveBetween(1, PersonalizationOptions.WishLengthCeiling)
            .WithMessage(o => $"PersonalizationOptions.MaxWishLength is {o.MaxWishLength}: use a value from 1 to {PersonalizationOptions.WishLengthCeiling:N0} characters.");
        RuleFor(o => o.MaxOutputTokens).InclusiveBetween(256, 64_000)
            .WithMessage(o => $"PersonalizationOptions.MaxOutputTokens is {o.MaxOutputTokens}: use a value from 256 to 64,000.");
        RuleFor(o => o.RequestTimeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1))
            .WithMessage(o => $"PersonalizationOptions.RequestTimeout is {o.RequestTimeout}: use a value from 1 second to 1 hour.");
        RuleFor(o => o.PluginDirectory)
            .Must(p => p is null || (p.Length > 0 && p.IndexOfAny(Path.GetInvalidPathChars()) < 0 && !File.Exists(p)))
            .WithMessage(o => $"PersonalizationOptions.PluginDirectory '{o.PluginDirectory}' is not a usable folder path: leave it null to use a 'plugins' folder beside the store, or name a folder.");
        RuleFor(o => o.Isolation).Custom((isolation, context) =>
        {
            foreach (var problem in isolation.Problems())
            {
                context.AddFailure(problem);
            }
        });
        RuleFor(o => o.Compile).Custom((compile, context) =>
        {
            foreach (var problem in compile.Problems("PersonalizationOptions.Compile"))
            {
                context.AddFailure(problem);
            }
        });
        RuleFor(o => o.Capabilities).Custom((capabilities, context) =>
        {
            foreach (var problem in capabilities.Problems("PersonalizationOptions.Capabilities"))
            {
                context.AddFailure(problem);
            }
        });
        RuleFor(o => o.DefaultPlacement).IsInEnum()
            .WithMessage(o => $"PersonalizationOptions.DefaultPlacement is {o.DefaultPlacement}: use Auto, InProcess or Isolated.");
        RuleFor(o => o.MaxTokensPerUserPerDay).Must(b => b is null or (>= 1_000 and <= 10_000_000_000))
            .WithMessage(o => $"PersonalizationOptions.MaxTokensPerUserPerDay is {o.MaxTokensPerUserPerDay:N0}: use 1,000 to 10,000,000,000 tokens, or null for no limit.");
        RuleFor(o => o.MaxLoadedInProcess).Must(n => n is null or (>= 1 and <= 1_000_000))
            .WithMessage(o => $"PersonalizationOptions.MaxLoadedInProcess is {o.MaxLoadedInProcess:N0}: use 1 to 1,000,000 plugin versions, or null for as many as the process can map.");
        RuleFor(o => o.MaxTokensPerDay).Must(b => b is null or (>= 1_000 and <= 10_000_000_000))
            .WithMessage(o => $"PersonalizationOptions.MaxTokensPerDay is {o.MaxTokensPerDay:N0}: use 1,000 to 10,000,000,000 tokens, or null for no limit.");
        RuleFor(o => o.ReuseSimilarityThreshold).InclusiveBetween(0.5, 1.0)
            .WithMessage(o => $"PersonalizationOptions.ReuseSimilarityThreshold is {o.ReuseSimilarityThreshold}: use a cosine similarity from 0.5 to 1.0.");
        RuleFor(o => o.Sandbox.Limits).Custom((limits, context) =>
        {
            foreach (var problem in limits.Problems("PersonalizationOptions.Sandbox.Limits"))
            {
                context.AddFailure(problem);
            }
        });
    }

    public ValidateOptionsResult Validate(string? name, PersonalizationOptions options)
    {
        var result = Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}
