using System.Diagnostics;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Feeds;

/// <summary>The market service against the real quote hub over loopback, with faults injected through the hub's control API.</summary>
public sealed class FeedFaultTests : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(new Dictionary<string, string?>
    {
        ["Prices:Overrides:EURUSD:MaxQuoteAge"] = "00:00:01",
        // Only the feed the tests stall (json, Feeds:1) is given a short no-data timeout: a busy machine's pause must not take the binary one down too.
        ["Feeds:1:NoDataTimeout"] = "00:00:01",
    });

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Both_feeds_run_and_every_symbol_becomes_fresh()
    {
        var freshness = await MarketDataAsync(m => m["data_freshness"]!["freshness_rate"]!.GetValue<double>() == 100, "every symbol is fresh");

        Assert.Equal(0, freshness["data_freshness"]!["missing_symbols"]!.GetValue<int>());
        Assert.True(freshness["price_consistency"]!["consistent"]!.GetValue<bool>());
        var ws = await WebSocketAsync(w => w["connection_status"]!["is_running"]!.GetValue<bool>(), "both feeds run");
        Assert.Equal(2, ws["connection_status"]!["feeds_running"]!.GetValue<int>());
        Assert.Equal(100, ws["connection_history"]!["success_rate"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_frozen_symbol_turns_stale_while_the_others_stay_fresh()
    {
        await MarketDataAsync(m => IsFresh(m, "EURUSD") && IsFresh(m, "GBPUSD"), "EURUSD and GBPUSD are fresh");

        await _system.InjectFaultAsync(new { kind = "freeze", symbol = "EURUSD" });

        var report = await MarketDataAsync(m => Freshness(m, "EURUSD") == "stale", "EURUSD is reported stale");
        Assert.Contains("EURUSD", report["data_freshness"]!["stale_symbol_list"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(IsFresh(report, "GBPUSD"));
        // Ages are rounded to the millisecond: just past 1 s can read as 1.000.
        Assert.True(report["symbol_analysis"]!["EURUSD"]!["age_seconds"]!.GetValue<double>() >= 1);
    }

    [Fact]
    public async Task A_diverging_feed_shows_up_as_inconsistent()
    {
        await MarketDataAsync(m => IsFresh(m, "EURUSD"), "EURUSD is fresh");

        await _system.InjectFaultAsync(new { kind = "diverge", feed = "binary", symbol = "EURUSD", offset = 0.01 });

        // Partial updates shift one side at a time: wait until both sides of the binary feed's EURUSD carry the offset.
        var report = await MarketDataAsync(
            m => !m["price_consistency"]!["consistent"]!.GetValue<bool>()
                && m["price_consistency"]!["divergent_symbols"]!.AsArray().Any(d => d!["divergence"]!.GetValue<decimal>() >= 0.009m),
            "the feeds are reported inconsistent by the full offset");
        var divergent = report["price_consistency"]!["divergent_symbols"]!.AsArray().Single()!;
        Assert.Equal("EURUSD", divergent["symbol"]!.GetValue<string>());
        Assert.InRange(divergent["divergence"]!.GetValue<decimal>(), 0.009m, 0.011m);
        Assert.False(report["symbol_analysis"]!["EURUSD"]!["is_consistent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_stalled_feed_is_detected_by_the_watchdog_while_the_other_keeps_prices_fresh()
    {
        await WebSocketAsync(w => w["connection_status"]!["is_running"]!.GetValue<bool>(), "both feeds run");

        await _system.InjectFaultAsync(new { kind = "stall", feed = "json" });

        var ws = await WebSocketAsync(
            w => w["feeds"]!["json"]!["connection_history"]!["disconnections"]!.GetValue<long>() > 0,
            "the stalled json feed is replaced",
            TimeSpan.FromSeconds(5));
        Assert.StartsWith("no data for", ws["feeds"]!["json"]!["connection_history"]!["last_disconnect_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(ws["connection_status"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(["json"], ws["connection_status"]!["feeds_not_running"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(ws["feeds"]!["binary"]!["connection_status"]!["is_running"]!.GetValue<bool>());
        await MarketDataAsync(m => IsFresh(m, "EURUSD") && m["symbol_analysis"]!["EURUSD"]!["feed"]!.GetValue<string>() == "binary", "EURUSD stays fresh from the binary feed");
    }

    [Fact]
    public async Task Garbage_is_counted_while_good_frames_keep_flowing()
    {
        await WebSocketAsync(w => w["feeds"]!["json"]!["performance_metrics"]!["messages_received"]!.GetValue<long>() > 0, "json delivers");

        await _system.InjectFaultAsync(new { kind = "garbage", feed = "json", count = 5 });
        await _system.InjectFaultAsync(new { kind = "truncate", feed = "binary", count = 5 });

        var ws = await WebSocketAsync(
            w => w["error_analysis"]!["messages_failed"]!.GetValue<long>() >= 10,
            "ten bad frames are counted");
        var failedAt = ws["performance_metrics"]!["messages_received"]!.GetValue<long>();
        Assert.True(ws["feeds"]!["json"]!["error_analysis"]!["parse_errors_by_category"]!["malformed_json"]!.GetValue<long>() >= 5);
        Assert.True(ws["feeds"]!["json"]!["performance_metrics"]!["parse_error_rate"]!.GetValue<double>() > 0);
        var binaryErrors = ws["feeds"]!["binary"]!["error_analysis"]!["parse_errors_by_category"]!;
        Assert.True(binaryErrors["bad_compression"]!.GetValue<long>() + binaryErrors["malformed_protobuf"]!.GetValue<long>() >= 5);
        ws = await WebSocketAsync(w => w["performance_metrics"]!["messages_received"]!.GetValue<long>() > failedAt + 20, "good frames keep arriving");
        Assert.Equal(0, ws["connection_history"]!["disconnections"]!.GetValue<long>());
        Assert.True(ws["connection_status"]!["is_running"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_dropped_connection_is_back_within_a_second()
    {
        await WebSocketAsync(w => w["connection_status"]!["is_running"]!.GetValue<bool>(), "both feeds run");
        var clock = Stopwatch.StartNew();

        await _system.InjectFaultAsync(new { kind = "drop" });

        var ws = await WebSocketAsync(
            w => w["feeds"]!.AsObject().All(f => f.Value!["session"]!.GetValue<long>() == 2 && f.Value["connection_status"]!["is_running"]!.GetValue<bool>()),
            "both feeds are receiving again on a new connection",
            TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"reconnected after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(2, ws["connection_history"]!["disconnections"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_spike_is_refused_and_never_becomes_the_price()
    {
        await MarketDataAsync(m => IsFresh(m, "XAUUSD"), "XAUUSD is fresh");

        await _system.InjectFaultAsync(new { kind = "spike", symbol = "XAUUSD", factor = 1.5 });

        // A spike on a one-sided (partial) update may cross the book instead of jumping it: refused either way.
        var report = await MarketDataAsync(
            m => m["symbol_analysis"]!["XAUUSD"]!["rejected"]!.AsObject().Any(r => r.Key is "jump" or "crossed"),
            "the spike is refused");
        var xau = report["symbol_analysis"]!["XAUUSD"]!;
        Assert.InRange(xau["bid"]!.GetValue<decimal>(), 2000m, 2700m);
        Assert.InRange(xau["ask"]!.GetValue<decimal>(), 2000m, 2700m);
        var refused = report["price_consistency"]!["rejected_quotes"]!;
        Assert.True(refused["jump"]!.GetValue<long>() + refused["crossed"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task Duplicated_and_reordered_frames_are_counted_and_never_move_a_price_back()
    {
        await MarketDataAsync(m => IsFresh(m, "EURUSD"), "EURUSD is fresh");

        await _system.InjectFaultAsync(new { kind = "duplicate", feed = "json", count = 20 });
        await _system.InjectFaultAsync(new { kind = "out_of_order", feed = "binary", count = 20 });

        var sequences = new List<long>();
        await MarketDataAsync(
            m =>
            {
                if (m["symbol_analysis"]!["EURUSD"]!["feeds"]!["binary"]?["source_sequence"] is { } sequence)
                {
                    sequences.Add(sequence.GetValue<long>());
                }

                return m["price_consistency"]!["duplicates"]!.GetValue<long>() > 0 && m["price_consistency"]!["out_of_order"]!.GetValue<long>() > 0;
            },
            "duplicates and out-of-order updates are counted");

        Assert.NotEmpty(sequences);
        Assert.Equal(sequences.Order(), sequences);
    }

    private static string? Freshness(JsonNode report, string symbol) => report["symbol_analysis"]![symbol]!["freshness"]!.GetValue<string>();

    private static bool IsFresh(JsonNode report, string symbol) => report["symbol_analysis"]![symbol]!["is_fresh"]!.GetValue<bool>();

    private Task<JsonNode> MarketDataAsync(Func<JsonNode, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => _system.GetMarketJsonAsync("/api/debug/market-data"), condition, what, timeout);

    private Task<JsonNode> WebSocketAsync(Func<JsonNode, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => _system.GetMarketJsonAsync("/api/debug/websocket"), condition, what, timeout);
}
