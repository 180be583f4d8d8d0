namespace Tickwatch.Gateway.Auth;

/// <summary>How client tokens are checked and minted (section <c>Jwt</c>).</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>Shortest signing key accepted, in bytes of UTF-8 (HMAC-SHA256 wants at least its hash size).</summary>
    public const int MinSigningKeyBytes = 32;

    public string Issuer { get; set; } = "tickwatch";

    public string Audience { get; set; } = "tickwatch-clients";

    /// <summary>The HMAC-SHA256 key; a secret, so only from the environment (<c>TICKWATCH_Jwt__SigningKey</c>) or a protected file, never in source.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Lifetime of tokens minted by <c>tickwatch token</c>.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Clock difference tolerated between the minter and the gateway.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
