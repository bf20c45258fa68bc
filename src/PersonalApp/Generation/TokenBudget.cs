using System.Globalization;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.Sqlite;

namespace PersonalApp.Generation;

/// <summary>
/// The token budgets: per user per UTC day, and for all users per UTC day, counted from the tokens the requests of the
/// day recorded (<c>ChatResponse.Usage</c>) plus what the request in progress has used so far.
/// </summary>
internal sealed class TokenBudget
{
    private readonly IPluginCatalog _store;
    private readonly TimeProvider _time;
    private readonly long? _perUser;
    private readonly long? _perDay;

    public TokenBudget(IPluginCatalog store, TimeProvider time, IOptions<PersonalizationOptions> options)
    {
        _store = store;
        _time = time;
        _perUser = options.Value.MaxTokensPerUserPerDay;
        _perDay = options.Value.MaxTokensPerDay;
    }

    /// <summary>The refusal when a budget is spent, counting <paramref name="inThisRequest"/> tokens already used by the request in progress; otherwise null.</summary>
    public PersonalizationDiagnostic? Check(string userId, long inThisRequest)
    {
        if (_perUser is null && _perDay is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var tomorrow = dayStart.AddDays(1).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        if (_perUser is long perUser)
        {
            var used = _store.TokensUsedSince(dayStart, userId) + inThisRequest;
            if (used >= perUser)
            {
                return PersonalizationDiagnostic.Error(
                    DiagnosticIds.UserTokenBudgetSpent,
                    string.Create(CultureInfo.InvariantCulture,
                        $"The daily token budget of '{userId}' is spent: {used:N0} of {perUser:N0} tokens used today (UTC). No more model calls are made for this user until {tomorrow} UTC. Reuse an existing feature, or ask an admin to raise PersonalizationOptions.MaxTokensPerUserPerDay."));
            }
        }

        if (_perDay is long perDay)
        {
            var used = _store.TokensUsedSince(dayStart, userId: null) + inThisRequest;
            if (used >= perDay)
            {
                return PersonalizationDiagnostic.Error(
                    DiagnosticIds.HostTokenBudgetSpent,
                    string.Create(CultureInfo.InvariantCulture,
                        $"The app's daily token budget is spent: {used:N0} of {perDay:N0} tokens used today (UTC) by all users. No more model calls are made until {tomorrow} UTC. Ask an admin to raise PersonalizationOptions.MaxTokensPerDay."));
            }
        }

        return null;
    }
}
