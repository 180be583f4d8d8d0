using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Forensics;

/// <summary>
/// The order forensics of a market service with no gateway configured: the decision, its quote lineage and its verdict
/// are answered, and the answer says that what the user was shown is unknown rather than guessing.
/// </summary>
public sealed class OrderForensicsTests : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task An_order_without_a_client_quote_is_judged_unprotected_with_the_quote_it_filled_on_and_no_gateway_to_ask()
    {
        var (status, order) = await Eventually.ValueAsync(
            () => PlaceAsync(new { symbol = "EURUSD", type = "BUY", volume = 0.1 }), r => r.Status == HttpStatusCode.Created, "a market BUY fills");

        var report = await _system.GetMarketJsonAsync($"/api/debug/forensics/orders/{order["order_id"]!.GetValue<string>()}");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("demo:1", report["account"]!.GetValue<string>());
        var open = Assert.Single(report["decisions"]!.AsArray())!;
        Assert.Equal(("open", "buy", "client_sent_no_quote"), (open["decision"]!.GetValue<string>(), open["side"]!.GetValue<string>(), open["verdict"]!.GetValue<string>()));
        Assert.Equal(order["open_price"]!.GetValue<decimal>(), open["executed_price"]!.GetValue<decimal>());
        Assert.Equal(order["open_quote"]!["book_sequence"]!.GetValue<long>(), open["quote"]!["book_sequence"]!.GetValue<long>());
        Assert.Equal(
            open["quote"]!["ask"]!.GetValue<decimal>() + open["half_spread"]!.GetValue<decimal>(), open["executed_price"]!.GetValue<decimal>());
        Assert.StartsWith("nothing shown to this user before the order; executed at ", open["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("no gateway is configured", report["shown_sources"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("the market service's symbol timeline", report["feed_source"]!.GetValue<string>());
        var quote = open["quote"]!;
        var sameFeed = open["feeds"]!.AsArray().Single(f => f!["feed"]!.GetValue<string>() == quote["feed"]!.GetValue<string>())!;
        Assert.Equal((quote["bid"]!.GetValue<decimal>(), quote["ask"]!.GetValue<decimal>()), (sameFeed["bid"]!.GetValue<decimal>(), sameFeed["ask"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task A_requote_is_found_by_its_refusal_id_with_the_price_the_client_saw_and_the_one_it_would_have_got()
    {
        var (_, refusal) = await Eventually.ValueAsync(
            () => PlaceAsync(new { symbol = "EURUSD", type = "BUY", volume = 0.1, seen_price = 0.5, max_deviation = 0.0003 }),
            r => r.Body["reason"]?.GetValue<string>() == "REQUOTE",
            "a far-off seen price is requoted once the price is live");

        var report = await _system.GetMarketJsonAsync($"/api/debug/forensics/refusals/{refusal["refusal_id"]!.GetValue<string>()}");
        using var unknown = await _system.MarketHttp.GetAsync(new Uri("/api/debug/forensics/orders/0123456789abcdef0123456789abcdef", UriKind.Relative));
        using var badAccount = await _system.MarketHttp.GetAsync(new Uri("/api/debug/forensics/orders/x?account=nobody", UriKind.Relative));

        Assert.Equal("REQUOTE", refusal["reason"]!.GetValue<string>());
        var refused = Assert.Single(report["decisions"]!.AsArray())!;
        Assert.Equal("requoted", refused["verdict"]!.GetValue<string>());
        Assert.Equal(0.5m, refused["view_price"]!.GetValue<decimal>());
        Assert.Contains($"the order would have executed at {refusal["executable_price"]!.GetValue<decimal>()}", refused["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("REQUOTE", report["refusal"]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAccount.StatusCode);
    }

    private Task<(HttpStatusCode Status, JsonNode Body)> PlaceAsync(object order) => _system.PlaceOrderAsync("demo:1", order);
}
