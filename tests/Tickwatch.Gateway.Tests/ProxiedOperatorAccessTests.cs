using System.Net;
using Microsoft.AspNetCore.Builder;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>
/// A real gateway in front of a real market service, all on loopback: the market service's debug routes through the
/// <c>/market</c> proxy never take a proxied or spoofed caller for a local one.
/// </summary>
public sealed class ProxiedOperatorAccessTests : IAsyncLifetime
{
    private const string GatewayToken = "gateway-operator-token-for-tests";
    private const string MarketToken = "market-operator-token-for-tests";

    private WebApplication _market = null!;
    private RunningGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        // Two different tokens: a caller the gateway lets in by its token is still a caller from elsewhere to the market service.
        _market = await ClosedFeedsMarketService.StartAsync(new Dictionary<string, string?> { ["Operator:Token"] = MarketToken });
        _gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:MarketServiceUrl"] = _market.Urls.First(),
                ["Gateway:MarketHealthProbeInterval"] = "00:00:00",
                ["Operator:Token"] = GatewayToken,
            },
            configure: SimulatedRemoteAddress.AddTo);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _market.StopAsync();
        await _market.DisposeAsync();
    }

    [Theory]
    [InlineData("/market/api/debug/warmup")]
    [InlineData("/market/api/debug/services/health_monitor/restart")]
    public async Task A_proxied_post_without_the_operator_token_is_refused(string path)
    {
        // As a reverse proxy on the gateway's host would send it: from loopback, naming the real caller.
        using var response = await SendAsync(HttpMethod.Post, path, headers: new() { ["X-Forwarded-For"] = "198.51.100.23" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/market/api/debug/services")]
    [InlineData("/api/debug/streams")]
    public async Task A_spoofed_forwarded_for_naming_loopback_is_refused_without_the_token(string path)
    {
        using var fromLoopback = await SendAsync(HttpMethod.Get, path, headers: new() { ["X-Forwarded-For"] = "127.0.0.1" });
        using var fromElsewhere = await SendAsync(HttpMethod.Get, path, headers: new()
        {
            ["X-Forwarded-For"] = "127.0.0.1",
            [SimulatedRemoteAddress.Header] = SimulatedRemoteAddress.Elsewhere,
        });

        Assert.Equal(HttpStatusCode.Unauthorized, fromLoopback.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, fromElsewhere.StatusCode);
    }

    [Fact]
    public async Task The_market_service_sees_a_caller_from_elsewhere_as_one_even_after_the_gateway_let_it_in()
    {
        var elsewhere = new Dictionary<string, string> { [SimulatedRemoteAddress.Header] = SimulatedRemoteAddress.Elsewhere };

        using var gatewayOnly = await SendAsync(HttpMethod.Get, "/market/api/debug/services", GatewayToken, elsewhere);
        using var ownRoute = await SendAsync(HttpMethod.Get, "/api/debug/streams", GatewayToken, elsewhere);

        // The gateway let it in by the gateway's token; the market service, seeing X-Forwarded-For, wants its own.
        Assert.Equal(HttpStatusCode.OK, ownRoute.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, gatewayOnly.StatusCode);
    }

    [Fact]
    public async Task A_loopback_caller_with_no_proxy_in_front_still_gets_through_without_a_token()
    {
        using var response = await SendAsync(HttpMethod.Get, "/market/api/debug/services");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_cross_origin_post_through_the_gateway_is_refused()
    {
        using var response = await SendAsync(HttpMethod.Post, "/market/api/debug/warmup", headers: new() { ["Origin"] = "http://evil.example" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Origin not allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, Dictionary<string, string>? headers = null)
    {
        using var request = OperatorRequest.Create(method, path, token, headers);
        return await _gateway.Http.SendAsync(request);
    }
}
