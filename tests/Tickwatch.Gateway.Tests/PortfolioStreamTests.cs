using System.Text.Json.Nodes;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>
/// The stream's <c>portfolio</c> channel over real WebSockets, on the in-memory portfolio store and order announcements a
/// market service in the same process holds: the token's own account only, a snapshot at once, then every change.
/// </summary>
public sealed class PortfolioStreamTests
{
    private static readonly AccountId Alice = new(UserType.Live, 42);
    private static readonly AccountId Bob = new(UserType.Demo, 7);

    [Fact]
    public async Task A_client_is_sent_its_own_accounts_portfolio_at_once_then_every_change_and_another_account_is_sent_none_of_it()
    {
        var prices = new SharedPrices();
        await prices.Portfolios.WriteAsync(AccountChanges.Valued(Alice), default);
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        await using var alice = await gateway.ConnectStreamAsync(gateway.Token(user: "42", userType: "live"));
        await using var bob = await gateway.ConnectStreamAsync(gateway.Token(user: "7", userType: "demo"));

        await alice.SendAsync(new { type = "subscribe", channel = "portfolio" });
        var subscribed = await alice.ReceiveMessageAsync();
        var snapshot = await alice.ReceiveMessageAsync();
        await bob.SendAsync(new { type = "subscribe", channel = "portfolio" });
        var bobSubscribed = await bob.ReceiveMessageAsync();
        await Eventually.ValueAsync(() => gateway.GetJsonAsync("/api/debug/streams"), r => r["portfolio"]!["subscribers"]!.GetValue<int>() == 2, "both follow their account");

        await prices.Portfolios.WriteAsync(AccountChanges.Valued(Alice, 1), default);
        await prices.Orders.PublishAsync(AccountChanges.Order(Alice, "alice-1", OrderStatus.Open), default);
        await prices.Orders.PublishAsync(AccountChanges.Order(Alice, "alice-1", OrderStatus.Closed), default);
        await prices.Portfolios.WriteAsync(AccountChanges.Degraded(Alice, 2), default);
        var received = new List<JsonObject>();
        await alice.ReceiveUntilAsync(IsDegraded, "the degraded portfolio", received.Add);

        Assert.Equal("""{"type":"subscribed","channel":"portfolio","account":"live:42"}""", subscribed!.ToJsonString());
        Assert.Equal(("portfolio", 10_063.00m), (snapshot!["type"]!.GetValue<string>(), snapshot["portfolio"]!["equity"]!.GetValue<decimal>()));
        Assert.Equal("demo:7", bobSubscribed!["account"]!.GetValue<string>());
        Assert.All(received, m => Assert.Equal("live:42", (m["portfolio"] ?? m["order"])!["account"]!.GetValue<string>()));
        Assert.Equal(["OPEN", "CLOSED"], received.Where(m => m["type"]!.GetValue<string>() == "order").Select(m => m["order"]!["status"]!.GetValue<string>()));
        var computedAt = received.Where(m => m["type"]!.GetValue<string>() == "portfolio").Select(m => m["portfolio"]!["computed_at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(computedAt.Order(), computedAt);
        var degraded = received[^1]["portfolio"]!.AsObject();
        Assert.Equal("STALE_PRICE", degraded["degraded_symbols"]!["USDJPY"]!.GetValue<string>());
        Assert.Equal(10_000.00m, degraded["balance"]!.GetValue<decimal>());
        Assert.All(["equity", "free_margin", "used_margin", "margin_level", "open_pnl", "total_pl"], figure => Assert.False(degraded.ContainsKey(figure), figure));

        // Everything announced was fanned out before this ping was answered: Bob's stream holds nothing but the pong.
        Assert.Equal(["pong"], await UntilPongAsync(bob));
        var report = await gateway.GetJsonAsync("/api/debug/streams");
        Assert.Equal(2, report["portfolio"]!["accounts"]!.GetValue<int>());
        Assert.Equal(2, report["portfolio"]!["orders_sent"]!.GetValue<long>());
        Assert.InRange(report["portfolio"]!["portfolios_sent"]!.GetValue<long>(), 2, 3);
        Assert.Contains(report["clients"]!.AsArray(), c => c!["user"]!.GetValue<string>() == "live:42" && c["portfolio"]!.GetValue<bool>() && c["orders_sent"]!.GetValue<long>() == 2);
        var metrics = await (await gateway.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Equal(2, MetricsText.Sample(metrics, "tickwatch_gateway_stream_portfolio_subscribers"));
        Assert.Equal(2, MetricsText.Sample(metrics, "tickwatch_gateway_stream_orders_sent_total"));
        Assert.True(MetricsText.Sample(metrics, "tickwatch_gateway_stream_portfolios_sent_total") >= 2);
    }

    [Fact]
    public async Task A_token_that_names_no_trading_account_gets_a_clear_error_and_the_stream_carries_on()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        await using var client = await gateway.ConnectStreamAsync(gateway.Token(user: "alice", userType: "live"));

        await client.SendAsync(new { type = "subscribe", channel = "portfolio" });
        var refused = await client.ReceiveMessageAsync();
        await client.SendAsync(new { type = "subscribe", channel = "orders" });
        var unknown = await client.ReceiveMessageAsync();

        Assert.Equal(
            """{"type":"error","message":"no portfolio to stream: the token names no trading account (its sub and user_type)","channel":"portfolio"}""",
            refused!.ToJsonString());
        Assert.Equal("error", unknown!["type"]!.GetValue<string>());
        Assert.StartsWith("unknown channel", unknown["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["pong"], await UntilPongAsync(client));
        var report = await gateway.GetJsonAsync("/api/debug/streams");
        Assert.Equal((1, 0), (report["portfolio"]!["refused"]!.GetValue<long>(), report["portfolio"]!["subscribers"]!.GetValue<int>()));
        Assert.Equal(1, report["bad_client_messages"]!.GetValue<long>());
    }

    [Fact]
    public async Task After_unsubscribing_a_client_is_sent_nothing_more_of_its_account()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(shared: prices.Services);
        await using var client = await gateway.ConnectStreamAsync(gateway.Token(user: "42", userType: "live"));
        await client.SendAsync(new { type = "subscribe", channel = "portfolio" });
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        await Eventually.ValueAsync(() => gateway.GetJsonAsync("/api/debug/streams"), r => r["portfolio"]!["subscribers"]!.GetValue<int>() == 1, "it follows its account");
        await prices.Portfolios.WriteAsync(AccountChanges.Valued(Alice, 1), default);
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "portfolio", "the first portfolio");

        await client.SendAsync(new { type = "unsubscribe", channel = "portfolio" });
        var unsubscribed = await client.ReceiveMessageAsync();
        await prices.Portfolios.WriteAsync(AccountChanges.Valued(Alice, 2), default);
        await prices.Orders.PublishAsync(AccountChanges.Order(Alice, "after", OrderStatus.Open), default);

        Assert.Equal("""{"type":"unsubscribed","channel":"portfolio"}""", unsubscribed!.ToJsonString());
        Assert.Equal(["pong"], await UntilPongAsync(client));
        Assert.Equal(0, (await gateway.GetJsonAsync("/api/debug/streams"))["portfolio"]!["accounts"]!.GetValue<int>());
    }

    private static bool IsDegraded(JsonObject message) =>
        message["type"]!.GetValue<string>() == "portfolio" && message["portfolio"]!["calc_status"]!.GetValue<string>() == "degraded";

    // A ping's pong is queued after everything the gateway had offered the client: what comes before it is all there was.
    private static async Task<List<string>> UntilPongAsync(StreamClient client)
    {
        var types = new List<string>();
        await client.SendAsync(new { type = "ping" });
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "pong", "the pong", m => types.Add(m["type"]!.GetValue<string>()));
        return types;
    }
}
