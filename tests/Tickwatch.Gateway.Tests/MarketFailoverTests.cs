using System.Net;
using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>
/// A gateway with two market services (<c>Gateway:MarketServiceUrls</c>), both real Kestrel servers on loopback: when the
/// first is gone or its store answers 503, orders, the <c>/market</c> proxy and the readiness go to the second.
/// </summary>
public sealed class MarketFailoverTests
{
    [Fact]
    public async Task Orders_the_proxy_and_the_readiness_go_to_the_second_market_service_when_the_first_is_stopped()
    {
        await using var first = await MarketStandIn.StartAsync("a");
        await using var second = await MarketStandIn.StartAsync("b");
        await first.StopAsync();

        // Each gateway's first call meets the stopped one first: the proxy, the readiness and an order each fail over.
        await using var proxying = await StartAsync(first, second);
        var health = await proxying.GetJsonAsync("/market/health");
        await using var probing = await StartAsync(first, second);
        using var ready = await probing.GetAsync("/market/health/ready");
        await using var ordering = await StartAsync(first, second);
        using var placed = await ordering.SendAsync(HttpMethod.Post, "/api/orders", ordering.Token(user: "42"), new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, "key-1");
        var placedBody = await RunningGateway.JsonAsync(placed);
        using var again = await ordering.SendAsync(HttpMethod.Post, "/api/orders", ordering.Token(user: "42"), new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, "key-2");

        Assert.Equal("b", health["served_by"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(("b", "live:42"), (placedBody["served_by"]!.GetValue<string>(), placedBody["account"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(["key-1", "key-2"], second.OrderKeys);
    }

    [Fact]
    public async Task An_order_the_first_market_service_answers_503_is_placed_on_the_second_with_the_same_idempotency_key()
    {
        await using var first = await MarketStandIn.StartAsync("a");
        await using var second = await MarketStandIn.StartAsync("b");
        first.StoreUnavailable = true;
        await using var gateway = await StartAsync(first, second);

        using var placed = await gateway.SendAsync(HttpMethod.Post, "/api/orders", gateway.Token(user: "42"), new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, "key-503");
        var body = await RunningGateway.JsonAsync(placed);

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal("b", body["served_by"]!.GetValue<string>());
        Assert.Equal(["key-503"], second.OrderKeys);
        Assert.Empty(first.OrderKeys);
    }

    [Fact]
    public async Task With_every_market_service_answering_503_the_client_gets_the_last_answer()
    {
        await using var first = await MarketStandIn.StartAsync("a");
        await using var second = await MarketStandIn.StartAsync("b");
        first.StoreUnavailable = second.StoreUnavailable = true;
        await using var gateway = await StartAsync(first, second);

        using var refused = await gateway.SendAsync(HttpMethod.Post, "/api/orders", gateway.Token(user: "42"), new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, "key-x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("STORE_UNAVAILABLE", (await RunningGateway.JsonAsync(refused))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_the_first_market_service_answers_503_while_the_second_is_down_gets_the_503_not_a_502()
    {
        await using var first = await MarketStandIn.StartAsync("a");
        await using var second = await MarketStandIn.StartAsync("b");
        first.StoreUnavailable = true;
        await second.StopAsync();
        await using var gateway = await StartAsync(first, second);

        using var refused = await gateway.SendAsync(HttpMethod.Post, "/api/orders", gateway.Token(user: "42"), new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, "key-503-down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("STORE_UNAVAILABLE", (await RunningGateway.JsonAsync(refused))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_with_an_idempotency_key_whose_connection_the_first_market_service_cuts_is_placed_on_the_second()
    {
        await using var first = await MarketStandIn.StartAsync("a");
        await using var second = await MarketStandIn.StartAsync("b");
        await using var gateway = await StartAsync(first, second);
        using var before = await gateway.SendAsync(HttpMethod.Post, "/api/orders", gateway.Token(user: "42"), new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, "key-before");

        // Killed with the gateway's pooled connection open: the next order is sent, and its connection cut unanswered.
        first.Dropping = true;
        using var placed = await gateway.SendAsync(HttpMethod.Post, "/api/orders", gateway.Token(user: "42"), new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, "key-cut");
        var body = await RunningGateway.JsonAsync(placed);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (before.StatusCode, placed.StatusCode));
        Assert.Equal("b", body["served_by"]!.GetValue<string>());
        Assert.Equal(["key-before"], first.OrderKeys);
        // Sent there at least once (the HTTP client itself may repeat a request its reused connection lost), answered by b.
        Assert.All(first.DroppedOrderKeys, key => Assert.Equal("key-cut", key));
        Assert.NotEmpty(first.DroppedOrderKeys);
        Assert.Equal(["key-cut"], second.OrderKeys);
    }

    [Fact]
    public async Task An_order_without_an_idempotency_key_whose_connection_is_cut_after_it_was_sent_is_answered_502_not_sent_again()
    {
        await using var first = await MarketStandIn.StartAsync("a");
        await using var second = await MarketStandIn.StartAsync("b");
        first.Dropping = true;
        await using var gateway = await StartAsync(first, second);

        using var failed = await gateway.SendAsync(HttpMethod.Post, "/api/orders", gateway.Token(user: "42"), new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, null);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.NotEmpty(first.DroppedOrderKeys);
        Assert.All(first.DroppedOrderKeys, key => Assert.Equal(string.Empty, key));
        Assert.Empty(second.OrderKeys);
    }

    [Fact]
    public async Task A_proxied_read_the_first_market_service_answers_503_is_answered_by_the_second()
    {
        await using var first = await MarketStandIn.StartAsync("a");
        await using var second = await MarketStandIn.StartAsync("b");
        first.Unavailable = true;
        await using var gateway = await StartAsync(first, second);

        var health = await gateway.GetJsonAsync("/market/health");
        second.Unavailable = true;
        using var bothDown = await gateway.GetAsync("/market/health");

        Assert.Equal(("b", "ok"), (health["served_by"]!.GetValue<string>(), health["status"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, bothDown.StatusCode);
        Assert.Equal("stopping", (await RunningGateway.JsonAsync(bothDown))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Market_service_urls_that_are_not_http_or_listed_twice_are_refused_naming_each()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MarketServiceUrls:0"] = "http://127.0.0.1:8001",
            ["Gateway:MarketServiceUrls:1"] = "ftp://127.0.0.1:8002",
            ["Gateway:MarketServiceUrls:2"] = "http://127.0.0.1:8001/",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:MarketServiceUrls:1 must be an absolute http(s) address", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:MarketServiceUrls:2 names a market service listed already", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.StartsWith("Gateway:MarketServiceUrls:0", StringComparison.Ordinal));
    }

    private static Task<RunningGateway> StartAsync(MarketStandIn first, MarketStandIn second) =>
        RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MarketServiceUrls:0"] = first.Url,
            ["Gateway:MarketServiceUrls:1"] = second.Url,
            ["Gateway:MarketHealthProbeInterval"] = "00:00:00",
        });
}
