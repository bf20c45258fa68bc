using Microsoft.AspNetCore.Http;

namespace PersonalApp.AspNetCore.Api;

/// <summary>Reads the caller's user id with the host's rule; a signed-in principal without one is refused.</summary>
internal static class Caller
{
    public static bool TryGetUserId(HttpContext context, PersonalizationEndpointOptions options, out string userId, out IResult problem)
    {
        var id = options.UserId(context.User);
        if (string.IsNullOrWhiteSpace(id))
        {
            userId = string.Empty;
            problem = Problems.Forbidden("You are signed in, but the host could not read a user id from your sign-in (PersonalizationEndpointOptions.UserId).");
            return false;
        }

        userId = id;
        problem = Results.Empty;
        return true;
    }
}
