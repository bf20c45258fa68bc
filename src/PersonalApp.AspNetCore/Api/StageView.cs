namespace PersonalApp.AspNetCore.Api;

/// <summary>One stage of a request as it happens, sent as a Server-Sent Event named <c>stage</c>.</summary>
internal sealed record StageView(string Stage, int Round, string Message);
