using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

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

    /// <summary>When the caller's token expires (its <c>exp</c>), or null when it names none.</summary>
    public static DateTimeOffset? ExpiresAt(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return long.TryParse(user.FindFirst(JwtRegisteredClaimNames.Exp)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is > 0 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
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
