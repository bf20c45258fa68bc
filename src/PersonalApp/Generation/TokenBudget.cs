using System.Globalization;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;

namespace PersonalApp.Generation;

/// <summary>
/// The token budgets: per user per UTC day, and for all users per UTC day, counted from the tokens the requests of the
/// day recorded (<c>ChatResponse.Usage</c>) plus what the requests in progress hold. Before each model call a request
/// reserves an estimate (<see cref="PersonalizationOptions.MaxOutputTokens"/> plus its prompt's size) and settles it
/// with the real usage afterwards, so concurrent requests see each other: a call starts only while some of the budget
/// is neither spent nor reserved, and a day's spend passes its budget by at most about one call's usage.
/// </summary>
internal sealed class TokenBudget
{
    private readonly IPluginCatalog _store;
    private readonly TimeProvider _time;
    private readonly long? _perUser;
    private readonly long? _perDay;
    private readonly Lock _lock = new();
    private readonly List<TokenReservation> _open = [];

    public TokenBudget(IPluginCatalog store, TimeProvider time, IOptions<PersonalizationOptions> options)
    {
        _store = store;
        _time = time;
        _perUser = options.Value.MaxTokensPerUserPerDay;
        _perDay = options.Value.MaxTokensPerDay;
    }

    /// <summary>Opens the reservation of one request; dispose it once the request's tokens are in the catalog.</summary>
    public TokenReservation Open(string userId)
    {
        var reservation = new TokenReservation(this, userId);
        lock (_lock)
        {
            _open.Add(reservation);
        }

        return reservation;
    }

    /// <summary>
    /// Reserves <paramref name="estimate"/> tokens for the next model call of <paramref name="reservation"/>'s request;
    /// or, when a budget is spent or reserved by requests in progress, reserves nothing and returns the refusal.
    /// </summary>
    public PersonalizationDiagnostic? Reserve(TokenReservation reservation, long estimate)
    {
        lock (_lock)
        {
            if (Check(reservation) is { } refusal)
            {
                return refusal;
            }

            reservation.Held += estimate;
            return null;
        }
    }

    /// <summary>Replaces a call's <paramref name="estimate"/> with the tokens it really used.</summary>
    public void Settle(TokenReservation reservation, long estimate, long used)
    {
        lock (_lock)
        {
            reservation.Held += used - estimate;
        }
    }

    /// <summary>The refusal when a budget is spent, counting <paramref name="inThisRequest"/> tokens already used by the request in progress; otherwise null.</summary>
    public PersonalizationDiagnostic? Check(string userId, long inThisRequest)
    {
        using var reservation = Open(userId);
        lock (_lock)
        {
            reservation.Held = inThisRequest;
            return Check(reservation);
        }
    }

    internal void Release(TokenReservation reservation)
    {
        lock (_lock)
        {
            _open.Remove(reservation);
        }
    }

    private PersonalizationDiagnostic? Check(TokenReservation reservation)
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
            var used = _store.TokensUsedSince(dayStart, reservation.UserId) + reservation.Held;
            var reserved = _open.Where(r => r != reservation && string.Equals(r.UserId, reservation.UserId, StringComparison.Ordinal)).Sum(r => r.Held);
            if (used + reserved >= perUser)
            {
                return PersonalizationDiagnostic.Error(
                    DiagnosticIds.UserTokenBudgetSpent,
                    string.Create(CultureInfo.InvariantCulture,
                        $"The daily token budget of '{reservation.UserId}' is spent: {used:N0} of {perUser:N0} tokens used today (UTC){Reserved(reserved)}. No more model calls are made for this user until {tomorrow} UTC. Reuse an existing feature, or ask an admin to raise PersonalizationOptions.MaxTokensPerUserPerDay."));
            }
        }

        if (_perDay is long perDay)
        {
            var used = _store.TokensUsedSince(dayStart, userId: null) + reservation.Held;
            var reserved = _open.Where(r => r != reservation).Sum(r => r.Held);
            if (used + reserved >= perDay)
            {
                return PersonalizationDiagnostic.Error(
                    DiagnosticIds.HostTokenBudgetSpent,
                    string.Create(CultureInfo.InvariantCulture,
                        $"The app's daily token budget is spent: {used:N0} of {perDay:N0} tokens used today (UTC) by all users{Reserved(reserved)}. No more model calls are made until {tomorrow} UTC. Ask an admin to raise PersonalizationOptions.MaxTokensPerDay."));
            }
        }

        return null;
    }

    private static string Reserved(long reserved)
        => reserved > 0 ? string.Create(CultureInfo.InvariantCulture, $", and {reserved:N0} more held by requests in progress") : string.Empty;
}
