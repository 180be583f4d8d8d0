using System.Diagnostics;
using System.Text.Json.Nodes;
using Tickwatch.Storage.Writing;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The market service's own counters at one instant: updates its feeds received (<c>GET /api/debug/comprehensive</c>,
/// <c>performance_metrics</c>), updates its book accepted (<c>GET /api/debug/market-data</c>, summed over
/// <c>symbol_analysis</c>), prices its store writer wrote and its rolling tick-to-store latency (receipt to the store's
/// acknowledgement, over the last <see cref="LatencyWindowSeconds"/>). <see cref="At"/> is this process's clock when they were taken.
/// </summary>
internal sealed record MarketStats(long At, long UpdatesReceived, long UpdatesAccepted, long Written, LatencySummary TickToStore, double LatencyWindowSeconds)
{
    public static async Task<MarketStats> ReadAsync(HttpClient market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var started = Stopwatch.GetTimestamp();
        // Both at once, so the feed's, the book's and the writer's counters are taken at about the same instant.
        var comprehensiveText = market.GetStringAsync(new Uri("/api/debug/comprehensive", UriKind.Relative));
        var dataText = market.GetStringAsync(new Uri("/api/debug/market-data", UriKind.Relative));
        var data = JsonNode.Parse(await dataText)!;

        // The quick answer's midpoint: the comprehensive report takes its counters as quickly but may wait on slower sections.
        var at = started + ((Stopwatch.GetTimestamp() - started) / 2);
        var comprehensive = JsonNode.Parse(await comprehensiveText)!["performance_metrics"]!;
        var writer = comprehensive["store_writer"]!;
        var latency = writer["tick_to_store_latency"]!;
        return new MarketStats(
            at,
            comprehensive["feeds"]!["updates_received"]!.GetValue<long>(),
            data["symbol_analysis"]!.AsObject().Sum(s => s.Value!["updates_accepted"]!.GetValue<long>()),
            writer["written"]!.GetValue<long>(),
            new LatencySummary(
                latency["count"]!.GetValue<long>(),
                latency["p50_ms"]!.GetValue<double>(),
                latency["p90_ms"]!.GetValue<double>(),
                latency["p99_ms"]!.GetValue<double>(),
                latency["p999_ms"]!.GetValue<double>(),
                latency["max_ms"]!.GetValue<double>()),
            writer["latency_window_seconds"]!.GetValue<double>());
    }

    /// <summary>Seconds between two readings by this process's clock.</summary>
    public static double Seconds(MarketStats before, MarketStats after) => Stopwatch.GetElapsedTime(before.At, after.At).TotalSeconds;
}
