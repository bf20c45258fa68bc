namespace EventTickets;

/// <summary>One of the demo's users. DEMO ONLY: a real app signs users in with its own identity provider.</summary>
internal sealed record DemoUser(string Id, string DisplayName, string Role, string Description)
{
    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new("olivia", "Olivia", "organizer", "an organizer: asks for pricing rules"),
        new("omar", "Omar", "organizer", "another organizer: never sees Olivia's rules"),
        new("mandy", "Mandy", "manager", "the manager: reads approval packets and decides"),
    ];

    public static DemoUser? Find(string? id) => All.FirstOrDefault(u => string.Equals(u.Id, id, StringComparison.Ordinal));
}
