using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Access;

/// <summary>
/// The door of the market service's debug and admin routes, on a real server reached over loopback: a foreign
/// <c>Origin</c> or <c>Host</c> is refused whoever calls, a forwarded request needs the token, and loopback trust can be turned off.
/// </summary>
public sealed class OperatorAccessTests
{
    private const string OperatorToken = "operator-token-for-tests";

    [Theory]
    [InlineData("/api/debug/warmup")]
    [InlineData("/api/debug/services/health_monitor/restart")]
    public async Task A_cross_origin_post_from_loopback_is_refused_with_the_reason(string path)
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Operator:Token"] = OperatorToken });

        using var response = await SendAsync(market, HttpMethod.Post, path, headers: new() { ["Origin"] = "http://evil.example" });
        using var withToken = await SendAsync(market, HttpMethod.Post, path, OperatorToken, new() { ["Origin"] = "http://evil.example" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withToken.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("Origin not allowed", (string?)problem["title"]);
        Assert.Contains("http://evil.example", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_services_own_origin_and_a_listed_one_may_post()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Operator:AllowedOrigins"] = "https://ops.example.net" });
        var own = market.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);

        using var same = await SendAsync(market, HttpMethod.Post, "/api/debug/warmup", headers: new() { ["Origin"] = own });
        using var listed = await SendAsync(market, HttpMethod.Post, "/api/debug/warmup", headers: new() { ["Origin"] = "https://ops.example.net" });

        Assert.NotEqual(HttpStatusCode.Forbidden, same.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, listed.StatusCode);
    }

    [Fact]
    public async Task A_dns_rebinding_read_with_a_foreign_host_is_refused_but_health_answers()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Operator:Token"] = OperatorToken });
        var port = market.Http.BaseAddress!.Port;

        using var debug = await SendAsync(market, HttpMethod.Get, "/api/debug/websocket", headers: new() { ["Host"] = $"evil.example:{port}" });
        using var withToken = await SendAsync(market, HttpMethod.Get, "/api/debug/websocket", OperatorToken, new() { ["Host"] = $"evil.example:{port}" });
        using var localhost = await SendAsync(market, HttpMethod.Get, "/api/debug/websocket", headers: new() { ["Host"] = $"localhost:{port}" });
        using var health = await SendAsync(market, HttpMethod.Get, "/health", headers: new() { ["Host"] = $"evil.example:{port}" });

        Assert.Equal(HttpStatusCode.Forbidden, debug.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withToken.StatusCode);
        var problem = await ProblemAsync(debug);
        Assert.Equal("Host not allowed", (string?)problem["title"]);
        Assert.Contains("Operator:AllowedHosts", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, localhost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_listed_host_name_is_answered()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Operator:AllowedHosts"] = "127.0.0.1;*.ops.example.net" });
        var port = market.Http.BaseAddress!.Port;

        using var listed = await SendAsync(market, HttpMethod.Get, "/api/debug/websocket", headers: new() { ["Host"] = $"market.ops.example.net:{port}" });
        using var localhost = await SendAsync(market, HttpMethod.Get, "/api/debug/websocket", headers: new() { ["Host"] = $"localhost:{port}" });

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, localhost.StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "127.0.0.1")]
    [InlineData("Forwarded", "for=127.0.0.1")]
    [InlineData("X-Real-IP", "127.0.0.1")]
    public async Task A_forwarded_request_from_loopback_needs_the_token(string header, string value)
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Operator:Token"] = OperatorToken });

        using var missing = await SendAsync(market, HttpMethod.Post, "/api/debug/warmup", headers: new() { [header] = value });
        using var granted = await SendAsync(market, HttpMethod.Post, "/api/debug/warmup", OperatorToken, new() { [header] = value });

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, granted.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, granted.StatusCode);
    }

    [Fact]
    public async Task Without_loopback_trust_a_local_caller_needs_the_token_like_anyone()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Operator:Token"] = OperatorToken,
            ["Operator:TrustLoopback"] = "false",
        });

        using var missing = await SendAsync(market, HttpMethod.Get, "/api/debug/services");
        using var wrong = await SendAsync(market, HttpMethod.Get, "/api/debug/services", "not-the-operator-token-at-all");
        using var granted = await SendAsync(market, HttpMethod.Get, "/api/debug/services", OperatorToken);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
    }

    [Fact]
    public async Task By_default_a_loopback_caller_needs_no_token()
    {
        await using var market = await MarketHost.StartAsync();

        using var response = await SendAsync(market, HttpMethod.Get, "/api/debug/services");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(MarketHost market, HttpMethod method, string path, string? token = null, Dictionary<string, string>? headers = null)
    {
        using var request = OperatorRequest.Create(method, path, token, headers);
        return await market.Http.SendAsync(request);
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
