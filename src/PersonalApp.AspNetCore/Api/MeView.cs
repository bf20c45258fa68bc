namespace PersonalApp.AspNetCore.Api;

/// <summary>Who the caller is, for the UI's header: their id, the title, and whether they may open the admin page.</summary>
internal sealed record MeView(string UserId, string Title, bool IsAdmin);
