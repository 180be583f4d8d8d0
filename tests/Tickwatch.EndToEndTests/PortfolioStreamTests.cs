using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.EndToEndTests;

/// <summary>
/// The stream's <c>portfolio</c> channel with the whole system on loopback, as <c>tickwatch up</c> runs it: a client places
/// an order through the gateway and its stream brings the order's changes and a portfolio that is the account route's to
/// the cent, while another user's stream brings none of it.
/// </summary>
public sealed class PortfolioStreamTests : IAsyncLifetime
{
    // EURUSD is frozen once the order is open, so the portfolio and the account route value it at the same quote: its
    // age limits are long enough for the frozen quote to stay tradeable meanwhile.
    private const string Symbol = "EURUSD";

    private RunningSystem _system = null!;
    private RunningGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(new Dictionary<string, string?>
        {
            [$"Prices:Overrides:{Symbol}:MaxQuoteAge"] = "00:10:00",
            [$"Trading:MaxExecutionQuoteAgeBySymbol:{Symbol}"] = "00:10:00",
        });
        _gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:MarketServiceUrl"] = _system.MarketHttp.BaseAddress!.ToString().TrimEnd('/') },
            _system.SharedWithGateway());
        await _system.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task A_clients_stream_brings_its_orders_changes_and_a_portfolio_equal_to_the_account_route_and_another_users_brings_none()
    {
        var token = _gateway.Token(user: "1", userType: "demo");
        await using var alice = await _gateway.ConnectStreamAsync(token);
        await using var bob = await _gateway.ConnectStreamAsync(_gateway.Token(user: "2", userType: "demo"));
        var aliceHeard = await FollowAsync(alice, "demo:1");
        var bobHeard = await FollowAsync(bob, "demo:2");
        await Eventually.ValueAsync(() => _gateway.GetJsonAsync("/api/debug/streams"), r => r["portfolio"]!["subscribers"]!.GetValue<int>() == 2, "both follow their account");

        using var placed = await _gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol = Symbol, type = "BUY", volume = "0.10" }, "e2e-stream-open");
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await RunningGateway.JsonAsync(placed);
        var id = order["order_id"]!.GetValue<string>();
        var opened = await aliceHeard.UntilAsync(m => IsOrder(m, id, "OPEN"), "the order's fill on the stream");
        await _system.InjectFaultAsync(new { kind = "freeze", symbol = Symbol });

        // The account route values at the book's quote now; once it stops moving, the calculator's last portfolio is at it too.
        var (account, portfolio) = await Eventually.ValueAsync(
            async () =>
            {
                var account = (await _gateway.GetJsonAsync("/api/orders/account", token))["portfolio"]!.AsObject();
                var sequence = account["positions"]!.AsArray().Single()!["book_sequence"]!.GetValue<long>();
                var portfolio = aliceHeard.Last(m => m["type"]!.GetValue<string>() == "portfolio" && m["portfolio"]!["quote_sequences"]![Symbol]?.GetValue<long>() == sequence);
                return (account, portfolio?["portfolio"]!.AsObject());
            },
            r => r.Item2 is not null,
            "a streamed portfolio valued at the account route's quote");

        using var closed = await _gateway.SendAsync(HttpMethod.Post, $"/api/orders/{id}/close", token, new { }, "e2e-stream-close");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var closing = await aliceHeard.UntilAsync(m => IsOrder(m, id, "CLOSED"), "the order's close on the stream");

        var fill = opened["order"]!;
        Assert.Equal(("demo:1", Symbol, "BUY", 0.10m), (fill["account"]!.GetValue<string>(), fill["symbol"]!.GetValue<string>(), fill["type"]!.GetValue<string>(), fill["volume"]!.GetValue<decimal>()));
        Assert.Equal(order["open_price"]!.GetValue<decimal>(), fill["price"]!.GetValue<decimal>());
        Assert.Equal((await RunningGateway.JsonAsync(closed))["close_price"]!.GetValue<decimal>(), closing["order"]!["close_price"]!.GetValue<decimal>());
        Assert.Equal(("ok", "demo:1"), (portfolio!["calc_status"]!.GetValue<string>(), portfolio["account"]!.GetValue<string>()));
        foreach (var figure in new[] { "balance", "equity", "open_pnl", "total_pl", "used_margin", "used_margin_executed", "free_margin", "margin_level" })
        {
            Assert.Equal(account[figure]!.GetValue<decimal>(), portfolio[figure]!.GetValue<decimal>());
        }

        // Everything for demo:1 was fanned out before Bob's ping was answered.
        await bob.SendAsync(new { type = "ping" });
        await bobHeard.UntilAsync(m => m["type"]!.GetValue<string>() == "pong", "Bob's pong");
        Assert.DoesNotContain(bobHeard.All, m => (m["portfolio"] ?? m["order"])?["account"]?.GetValue<string>() is { } owner && owner != "demo:2");
        Assert.False(aliceHeard.Failed || bobHeard.Failed, "both streams stayed open");
    }

    private static bool IsOrder(JsonObject message, string id, string status) =>
        message["type"]!.GetValue<string>() == "order" && message["order"]!["order_id"]!.GetValue<string>() == id && message["order"]!["status"]!.GetValue<string>() == status;

    // Subscribes to the portfolio channel, checks the reply names the token's account, then keeps every message in the background.
    private static async Task<StreamLog> FollowAsync(StreamClient client, string account)
    {
        await client.SendAsync(new { type = "subscribe", channel = "portfolio" });
        var subscribed = await client.ReceiveMessageAsync();
        Assert.Equal(("subscribed", "portfolio", account), (subscribed!["type"]!.GetValue<string>(), subscribed["channel"]!.GetValue<string>(), subscribed["account"]!.GetValue<string>()));
        return new StreamLog(client);
    }

    /// <summary>Every message of one stream, read in the background until the test ends, for the test to look through.</summary>
    private sealed class StreamLog
    {
        private readonly List<JsonObject> _messages = [];
        private readonly Task _reading;

        public StreamLog(StreamClient client)
        {
            _reading = client.ReceiveUntilAsync(
                _ => false,
                "nothing (reads until the test ends)",
                m =>
                {
                    lock (_messages)
                    {
                        _messages.Add(m);
                    }
                },
                TimeSpan.FromMinutes(2));
        }

        public IReadOnlyList<JsonObject> All
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        /// <summary>Whether the stream closed or failed while the test ran.</summary>
        public bool Failed => _reading.IsFaulted;

        public JsonObject? Last(Func<JsonObject, bool> condition) => All.LastOrDefault(condition);

        public Task<JsonObject> UntilAsync(Func<JsonObject, bool> condition, string what) =>
            Eventually.ValueAsync(() => Task.FromResult(All.FirstOrDefault(condition)), m => m is not null, what)!;
    }
}
