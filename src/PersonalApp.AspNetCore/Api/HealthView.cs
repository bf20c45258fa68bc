namespace PersonalApp.AspNetCore.Api;

/// <summary>The isolation report and the health it gives: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>.</summary>
internal sealed record HealthView(
    string Status,
    string Summary,
    string? Mode,
    IReadOnlyList<string> InForce,
    IReadOnlyList<string> NotInForce,
    int WorkersAlive,
    int WorkersReplaced,
    bool CoolingDown);
