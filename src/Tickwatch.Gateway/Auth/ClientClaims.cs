using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Tickwatch.Gateway.Auth;

/// <summary>The claims a client token carries, and who a request is for rate limiting.</summary>
public static class ClientClaims
{
    /// <summary>The user's id (the JWT <c>sub</c>).</summary>
    public const string UserId = "sub";

    /// <summary>The user's account type: <c>live</c>, <c>demo</c>, <c>strategy_provider</c> or <c>copy_follower</c>.</summary>
    public const string UserType = "user_type";

    /// <summary>The account types a token may name.</summary>
    public static readonly IReadOnlyList<string> UserTypes = ["live", "demo", "strategy_provider", "copy_follower"];

    /// <summary><c>type:id</c> of an authenticated caller, else null.</summary>
    public static string? UserKey(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(UserId)?.Value is not { Length: > 0 } id)
        {
            return null;
        }

        return (user.FindFirst(UserType)?.Value ?? "live") + ":" + id;
    }

    /// <summary>The user (<c>user:type:id</c>) when authenticated, else the caller's address (<c>ip:…</c>).</summary>
    public static string ClientKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return UserKey(context.User) is { } user
            ? "user:" + user
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
