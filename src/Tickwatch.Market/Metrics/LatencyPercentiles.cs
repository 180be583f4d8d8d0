using System.Diagnostics.Metrics;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Market.Metrics;

/// <summary>A sliding latency window as gauges in seconds, one per percentile (<c>p50</c>, <c>p90</c>, <c>p99</c>, <c>p99.9</c>, <c>max</c>).</summary>
internal static class LatencyPercentiles
{
    private const double MillisecondsPerSecond = 1000;

    // "percentile", not "quantile": Prometheus keeps the quantile label for summaries.
    private static readonly (string Name, Func<LatencySummary, double> Read)[] Percentiles =
    [
        ("p50", l => l.P50Ms),
        ("p90", l => l.P90Ms),
        ("p99", l => l.P99Ms),
        ("p99.9", l => l.P999Ms),
        ("max", l => l.MaxMs),
    ];

    /// <summary>The window's percentiles labelled <c>percentile</c>, plus one label of the caller's; NaN while it is empty, so no alert compares against a made-up 0.</summary>
    public static IEnumerable<Measurement<double>> Of(LatencySummary summary, string key, string label) =>
        Percentiles.Select(p => MetricTags.Value(summary.Count == 0 ? double.NaN : p.Read(summary) / MillisecondsPerSecond, key, label, "percentile", p.Name));

    /// <summary>The window's percentiles labelled <c>percentile</c> only.</summary>
    public static IEnumerable<Measurement<double>> Of(LatencySummary summary) =>
        Percentiles.Select(p => MetricTags.Value(summary.Count == 0 ? double.NaN : p.Read(summary) / MillisecondsPerSecond, "percentile", p.Name));
}
