using System.Diagnostics.Metrics;
using Tickwatch.Market.Health;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>The store as instruments: the writer's counters and latency percentiles, the health monitor's last probe, and the Redis connection.</summary>
internal static class StoreInstruments
{
    private const string Outcome = "outcome";
    private const double MillisecondsPerSecond = 1000;

    public static void Register(Meter meter, PriceStoreWriter writer, StoreErrorLog errors, HealthMonitor health, RedisConnection? redis, RedisPriceStore? redisPrices = null)
    {
        meter.CreateObservableCounter(
            MarketMetricNames.StoreWrites,
            () =>
            {
                var s = writer.GetStatistics();
                return new[] { Count(s.Written, Outcome, "written"), Count(s.RefusedOlder, Outcome, "refused_older"), Count(s.Failed, Outcome, "failed") };
            },
            "{write}",
            "Answered price writes by outcome.");
        meter.CreateObservableCounter(MarketMetricNames.StoreWriteRetries, () => writer.GetStatistics().Retries, "{write}", "Failed writes sent again.");
        meter.CreateObservableCounter(MarketMetricNames.StoreQuotesOffered, () => writer.GetStatistics().QuotesOffered, "{quote}", "Quotes the price book handed to the store writer.");
        meter.CreateObservableCounter(
            MarketMetricNames.StoreQuotesCoalesced, () => writer.GetStatistics().QuotesCoalesced, "{quote}", "Quotes replaced by a newer one of their symbol before their write.");
        meter.CreateObservableCounter(
            MarketMetricNames.StorePublishes,
            () =>
            {
                var s = writer.GetStatistics();
                return new[] { Count(s.Publishes, Outcome, "published"), Count(s.PublishFailed, Outcome, "failed") };
            },
            "{publish}",
            "Written prices announced to subscribers, by outcome.");
        meter.CreateObservableGauge(MarketMetricNames.StorePendingSymbols, () => writer.GetStatistics().PendingSymbols, "{symbol}", "Symbols with a quote not yet written.");
        meter.CreateObservableGauge(MarketMetricNames.StoreWritesInFlight, () => writer.GetStatistics().InFlight, "{write}", "Price writes sent and not yet answered.");
        meter.CreateObservableGauge(
            MarketMetricNames.StoreConsecutiveFailedBatches, () => writer.GetStatistics().ConsecutiveFailedBatches, "{batch}", "Batches in a row with a failed write.");
        meter.CreateObservableGauge(MarketMetricNames.StoreWriteLatency, () => Latencies(writer.GetStatistics()), "s", "Store write latency percentiles over the writer's window.");
        meter.CreateObservableCounter(MarketMetricNames.StoreErrors, () => errors.Total, "{error}", "Store errors recorded by the process.");

        // The health monitor probes on its own schedule; a scrape never waits on the store.
        meter.CreateObservableGauge(MarketMetricNames.StoreUp, () => LastProbe(health, s => s.Healthy ? 1 : 0), null, "1 when the last probe found the store usable.");
        meter.CreateObservableGauge(
            MarketMetricNames.StorePing, () => LastProbe(health, s => s.LatencyMs / MillisecondsPerSecond ?? double.NaN), "s", "Round trip of the health monitor's last store probe.");

        if (redis is not null)
        {
            meter.CreateObservableGauge(MarketMetricNames.RedisConnected, () => redis.IsConnected ? 1 : 0, null, "1 while the Redis multiplexer is connected.");
            meter.CreateObservableCounter(MarketMetricNames.RedisConnectionFailures, () => redis.ConnectionFailures, "{failure}", "Redis connection failures.");
            meter.CreateObservableCounter(MarketMetricNames.RedisTimeouts, () => redis.Timeouts, "{timeout}", "Redis commands that timed out.");
        }

        if (redisPrices is not null)
        {
            meter.CreateObservableCounter(
                MarketMetricNames.StoreCrossNodeResends,
                () => new[] { Count(redisPrices.CrossNodeResends, "call", "write"), Count(redisPrices.CrossNodeSealResends, "call", "seal") },
                "{key}",
                "Keys sent again one per call because their call's node did not serve their slot (stale slot map).");
        }
    }

    private static IEnumerable<Measurement<double>> Latencies(PriceStoreWriterStatistics statistics) =>
        LatencyPercentiles.Of(statistics.TickToStoreLatency, "stage", "tick_to_store").Concat(LatencyPercentiles.Of(statistics.StoreRoundTrip, "stage", "round_trip"));

    private static IEnumerable<Measurement<T>> LastProbe<T>(HealthMonitor health, Func<StoreStatus, T> read)
        where T : struct => health.LastResult is { } result ? [new Measurement<T>(read(result.Store))] : [];
}
