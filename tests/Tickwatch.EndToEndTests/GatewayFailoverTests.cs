using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Storage.Prices;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.EndToEndTests;

/// <summary>
/// Two gateways on one market service and store, as behind a load balancer: a client following prices and its
/// portfolio on the first loses it, reconnects to the second with <c>since_seq</c>, and holds every order event placed
/// meanwhile (none missing, none twice) and the latest price of every symbol it follows.
/// </summary>
public sealed class GatewayFailoverTests : IAsyncLifetime
{
    private static readonly string[] Symbols = ["EURUSD", "GBPUSD", "USDJPY"];

    private RunningSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync();
        await _system.WaitUntilHealthyAsync();
    }

    public Task DisposeAsync() => _system.DisposeAsync().AsTask();

    [Fact]
    public async Task A_client_resuming_on_another_gateway_holds_every_order_event_placed_meanwhile_and_the_latest_prices()
    {
        var settings = new Dictionary<string, string?> { ["Gateway:MarketServiceUrl"] = _system.MarketHttp.BaseAddress!.ToString().TrimEnd('/') };
        var gatewayA = await RunningGateway.StartAsync(settings, _system.SharedWithGateway());
        await using var gatewayB = await RunningGateway.StartAsync(settings, _system.SharedWithGateway());
        var token = gatewayA.Token(user: "1", userType: "demo");

        // On A: prices and the portfolio channel, and one order whose event it is sent.
        var onA = await gatewayA.ConnectStreamAsync(token);
        await onA.SubscribeAsync(Symbols);
        await onA.SendAsync(new { type = "subscribe", channel = "portfolio" });

        // Following the account before the order is placed: an event committed before the reply is not this client's.
        await onA.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed" && m["channel"]?.GetValue<string>() == "portfolio", "the portfolio channel's reply on A");
        var firstId = await PlaceAsync(gatewayA, token, "e2e-failover-1");
        var firstEvent = await onA.ReceiveUntilAsync(m => IsOrder(m, firstId), "the first order's event on A");
        var lastSeq = firstEvent["order"]!["seq"]!.GetValue<long>();

        // A goes; meanwhile the order is closed and another placed, through B.
        await onA.DisposeAsync();
        await gatewayA.DisposeAsync();
        using (var closed = await gatewayB.SendAsync(HttpMethod.Post, $"/api/orders/{firstId}/close", token, new { }, "e2e-failover-close"))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        var secondId = await PlaceAsync(gatewayB, token, "e2e-failover-2");

        // On B, resumed after the last event it had.
        await using var onB = await gatewayB.ConnectStreamAsync(token);
        await onB.SendAsync(new { type = "subscribe", channel = "portfolio", since_seq = lastSeq });
        await onB.SubscribeAsync(Symbols);
        var stored = await _system.Market.Services.GetRequiredService<IPriceStore>().ReadManyAsync(Symbols, default);
        var heard = new List<JsonObject>();
        await onB.ReceiveUntilAsync(
            _ => Symbols.Select((symbol, i) => (symbol, i)).All(s => heard.Exists(m => IsPriceAtLeast(m, s.symbol, stored[s.i]!.BookSequence)))
                && heard.Exists(m => IsOrder(m, secondId)),
            "the missed order events and a price of every symbol at least as new as the store's",
            heard.Add);
        await onB.SendAsync(new { type = "ping" });
        await onB.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "pong", "the pong", heard.Add);

        var orders = heard.Where(m => m["type"]!.GetValue<string>() == "order").Select(m => m["order"]!).ToList();
        Assert.Equal([lastSeq + 1, lastSeq + 2], orders.Select(o => o["seq"]!.GetValue<long>()));
        Assert.Equal([(firstId, "CLOSED"), (secondId, "OPEN")], orders.Select(o => (o["order_id"]!.GetValue<string>(), o["status"]!.GetValue<string>())));
        Assert.DoesNotContain(heard, m => m["type"]!.GetValue<string>() == "orders_reset");
    }

    private static bool IsOrder(JsonObject message, string id) =>
        message["type"]!.GetValue<string>() == "order" && message["order"]!["order_id"]!.GetValue<string>() == id;

    private static bool IsPriceAtLeast(JsonObject message, string symbol, long sequence) =>
        message["type"]!.GetValue<string>() == "price" && message["symbol"]!.GetValue<string>() == symbol && message["sequence"]!.GetValue<long>() >= sequence;

    private static async Task<string> PlaceAsync(RunningGateway gateway, string token, string key)
    {
        using var placed = await gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol = "EURUSD", type = "BUY", volume = "0.10" }, key);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await RunningGateway.JsonAsync(placed))["order_id"]!.GetValue<string>();
    }
}
