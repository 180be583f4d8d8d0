using System.Net;
using System.Net.WebSockets;
using Microsoft.IdentityModel.JsonWebTokens;
using Tickwatch.Gateway.Auth;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>Client tokens: wrong, expired or missing ones are refused with 401 and nothing said about why.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private RunningGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await RunningGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_valid_token_gets_quotes()
    {
        using var response = await _gateway.GetAsync("/api/quotes/EURUSD", _gateway.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> BadTokens => new()
    {
        "missing",
        "expired",
        "wrong key",
        "wrong audience",
        "wrong issuer",
        "not a token",
        "unsigned",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_gets_401_without_saying_why(string kind)
    {
        var token = BadToken(kind);

        using var response = await _gateway.GetAsync("/api/quotes/EURUSD", token);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var leak in new[] { "expired", "signature", "audience", "issuer", "lifetime", "IDX", "detail" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_stream_refuses_a_connection_without_a_valid_token()
    {
        var error = await Assert.ThrowsAsync<WebSocketException>(() => _gateway.ConnectStreamAsync(BadToken("expired")));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_minted_by_the_development_minter_carries_the_user()
    {
        var token = _gateway.Token(user: "7", userType: "demo");

        var jwt = new JsonWebToken(token);

        Assert.Equal("7", jwt.Subject);
        Assert.Equal("demo", jwt.GetClaim(ClientClaims.UserType).Value);
        Assert.Equal(_gateway.Jwt.Issuer, jwt.Issuer);
        Assert.Equal([_gateway.Jwt.Audience], jwt.Audiences);
        Assert.InRange(jwt.ValidTo - jwt.ValidFrom, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    private string? BadToken(string kind)
    {
        var now = TimeProvider.System.GetUtcNow();
        var other = new JwtOptions { Issuer = _gateway.Jwt.Issuer, Audience = _gateway.Jwt.Audience, SigningKey = _gateway.Jwt.SigningKey };
        return kind switch
        {
            "missing" => null,
            "expired" => _gateway.Token(issuedAt: now.AddHours(-2), lifetime: TimeSpan.FromHours(1)),
            "wrong key" => _gateway.Token(options: new JwtOptions { Issuer = other.Issuer, Audience = other.Audience, SigningKey = "another-key-that-is-long-enough-0123456789" }),
            "wrong audience" => _gateway.Token(options: new JwtOptions { Issuer = other.Issuer, Audience = "someone-else", SigningKey = other.SigningKey }),
            "wrong issuer" => _gateway.Token(options: new JwtOptions { Issuer = "someone-else", Audience = other.Audience, SigningKey = other.SigningKey }),
            "not a token" => "definitely-not-a-jwt",
            "unsigned" => Unsigned(_gateway.Token()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    // The same claims with "alg":"none" and no signature.
    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = Convert.ToBase64String("""{"alg":"none","typ":"JWT"}"""u8).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return header + "." + parts[1] + ".";
    }
}
