using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Dashboard;

/// <summary>The trading section of <c>GET /api/debug/dashboard</c> against the running system (in-memory store, seeded demo accounts), orders placed through <c>/api/trading</c>.</summary>
public sealed class DashboardTradingTests : IAsyncLifetime
{
    private const string Frozen = "USDCHF";

    private RunningSystem _system = null!;

    public async Task InitializeAsync()
    {
        // USDCHF is stale one second after its last price, so a freeze refuses execution quickly.
        _system = await RunningSystem.StartAsync(new Dictionary<string, string?> { [$"Prices:Overrides:{Frozen}:MaxQuoteAge"] = "00:00:01" });
        await _system.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Before_any_order_the_trading_section_answers_with_no_activity_and_no_rows()
    {
        var dashboard = await _system.GetMarketJsonAsync("/api/debug/dashboard");

        var trading = dashboard["trading"]!;
        Assert.Equal("ok", trading["status"]!.GetValue<string>());
        Assert.False(trading["has_activity"]!.GetValue<bool>());
        Assert.Equal("in_memory", trading["store"]!.GetValue<string>());
        Assert.Empty(trading["refusals"]!.AsArray());
        Assert.Empty(trading["last_executions"]!.AsArray());
        Assert.Null(trading["last_refusal"]);
        Assert.Equal(0, trading["portfolios"]!["accounts_tracked"]!.GetValue<int>());
        Assert.Equal(0, dashboard["rate_history"]!["trading"]!["refusals"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_fill_and_refusals_show_as_the_trading_api_answered_them_and_as_the_trading_report_holds_them()
    {
        // Tries before the freeze shows fill on demo:2; the fill this test follows comes after them, newest.
        await _system.InjectFaultAsync(new { kind = "freeze", symbol = Frozen });
        await Eventually.ValueAsync(
            () => _system.PlaceOrderAsync("demo:2", new { symbol = Frozen, type = "SELL", volume = "0.1" }),
            answer => answer.Body["reason"]?.GetValue<string>() == "STALE_PRICE",
            "the frozen symbol refuses execution as stale");
        var (status, order) = await _system.PlaceOrderAsync("demo:1", new { symbol = "EURUSD", type = "BUY", volume = "0.10" });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = order["order_id"]!.GetValue<string>();
        var badVolume = await _system.PlaceOrderAsync("demo:1", new { symbol = "EURUSD", type = "BUY", volume = "0" });
        Assert.Equal("INVALID_VOLUME", badVolume.Body["reason"]!.GetValue<string>());

        // Refusals counted between two samples of the rate history.
        var dashboard = await Eventually.ValueAsync(
            () => _system.GetMarketJsonAsync("/api/debug/dashboard"),
            d => d["rate_history"]!["trading"]!["refusals"]!.GetValue<long>() >= 2,
            "the rate history counts the refusals");
        var report = await _system.GetMarketJsonAsync("/api/debug/trading");

        var trading = dashboard["trading"]!;
        Assert.True(trading["has_activity"]!.GetValue<bool>());
        var execution = trading["last_executions"]![0]!;
        Assert.Equal(id, execution["order_id"]!.GetValue<string>());
        Assert.Equal(
            ("demo:1", "EURUSD", "BUY", order["open_price"]!.GetValue<decimal>(), order["open_quote"]!["book_sequence"]!.GetValue<long>()),
            (execution["account"]!.GetValue<string>(), execution["symbol"]!.GetValue<string>(), execution["type"]!.GetValue<string>(), execution["price"]!.GetValue<decimal>(),
                execution["quote"]!["book_sequence"]!.GetValue<long>()));
        Assert.Equal(order["opened_at"]!.GetValue<DateTimeOffset>(), execution["executed_at"]!.GetValue<DateTimeOffset>());
        Assert.True(JsonNode.DeepEquals(report["last_executions"]!.AsArray().Single(e => e!["order_id"]!.GetValue<string>() == id), execution));

        var refusals = trading["refusals"]!.AsArray().ToDictionary(r => r!["reason"]!.GetValue<string>(), r => r!["price_guard"]!.GetValue<bool>());
        Assert.True(refusals["STALE_PRICE"]);
        Assert.False(refusals["INVALID_VOLUME"]);
        Assert.Equal(report["refusals"]!["by_reason"]!["STALE_PRICE"]!.GetValue<long>(), trading["refusals"]!.AsArray().Single(r => r!["reason"]!.GetValue<string>() == "STALE_PRICE")!["count"]!.GetValue<long>());
        Assert.True(trading["orders"]!["fills"]!.GetValue<long>() >= 1);
        Assert.True(trading["portfolios"]!["accounts_tracked"]!.GetValue<int>() >= 1);
    }
}
