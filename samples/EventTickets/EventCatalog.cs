namespace EventTickets;

/// <summary>The demo's events, dated from today so "more than 30 days away" means something whenever it runs.</summary>
internal sealed class EventCatalog(TimeProvider time)
{
    public IReadOnlyList<EventListing> Events
    {
        get
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            return
            [
                new("jazz", "Harbour Jazz Night", today.AddDays(60), 40m),
                new("expo", "City Marathon Expo", today.AddDays(10), 25m),
                new("opera", "Winter Opera Gala", today.AddDays(120), 90m),
            ];
        }
    }
}
