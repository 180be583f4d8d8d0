using System.Diagnostics;
using System.Text.Json.Nodes;
using Tickwatch.Storage.Writing;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The market service's own counters at one instant, from <c>GET /api/debug/comprehensive</c>: updates its feeds received
/// (<c>performance_metrics.feeds</c>), updates its book accepted (<c>market_data_diagnostics.book_statistics</c>), prices its
/// store writer wrote and its rolling tick-to-store latency (receipt to the store's acknowledgement, over the last
/// <see cref="LatencyWindowSeconds"/>). <see cref="At"/> is this process's clock when the request went.
/// </summary>
internal sealed record MarketStats(long At, long UpdatesReceived, long UpdatesAccepted, long Written, LatencySummary TickToStore, double LatencyWindowSeconds)
{
    public static async Task<MarketStats> ReadAsync(HttpClient market)
    {
        ArgumentNullException.ThrowIfNull(market);

        // One report, whose sections take their counters together as the request arrives (the Redis section may then keep it waiting up to 2 s).
        var sent = Stopwatch.GetTimestamp();
        var report = JsonNode.Parse(await market.GetStringAsync(new Uri("/api/debug/comprehensive", UriKind.Relative)))!;
        var performance = report["performance_metrics"]!;
        var writer = performance["store_writer"]!;
        var latency = writer["tick_to_store_latency"]!;
        return new MarketStats(
            sent,
            performance["feeds"]!["updates_received"]!.GetValue<long>(),
            report["market_data_diagnostics"]!["book_statistics"]!["accepted"]!.GetValue<long>(),
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
