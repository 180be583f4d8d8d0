using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tickwatch.Gateway.Auth;

/// <summary>Client tokens: HMAC-SHA256 JWTs with issuer, audience and expiry, minted for development and checked by the gateway.</summary>
public static class AccessTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>A token for <paramref name="userId"/> valid from <paramref name="now"/> for <paramref name="lifetime"/>.</summary>
    public static string Mint(JwtOptions options, string userId, string userType, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(userType);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? options.TokenLifetime)).UtcDateTime,
            Subject = new ClaimsIdentity([new Claim(ClientClaims.UserId, userId), new Claim(ClientClaims.UserType, userType)]),
            SigningCredentials = new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N") },
        };
        return Handler.CreateToken(descriptor);
    }

    /// <summary>What the gateway checks: signature with the configured key, issuer, audience, lifetime (with the allowed skew), HS256 only.</summary>
    public static TokenValidationParameters ValidationParameters(JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = SigningKey(options),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = options.ClockSkew,
            NameClaimType = ClientClaims.UserId,
        };
    }

    /// <summary>A random signing key for one process (<c>tickwatch up</c> without a configured key).</summary>
    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    private static SymmetricSecurityKey SigningKey(JwtOptions options) =>
        new(Encoding.UTF8.GetBytes(options.SigningKey ?? throw new InvalidOperationException("Jwt:SigningKey is not set.")));
}
