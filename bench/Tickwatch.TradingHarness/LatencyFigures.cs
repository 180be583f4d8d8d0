using System.Globalization;
using Tickwatch.BenchSupport;

namespace Tickwatch.TradingHarness;

/// <summary>A latency distribution in milliseconds, as it crosses from the market process to the report.</summary>
internal sealed record LatencyFigures(long Count, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencyFigures Of(LatencyHistogram histogram) => new(
        histogram.Count,
        histogram.Percentile(50),
        histogram.Percentile(90),
        histogram.Percentile(99),
        histogram.Percentile(99.9),
        histogram.MaxMilliseconds);

    /// <summary>"p50 1.23 ms, p90 …, p99 …, p99.9 …, max … (n = 1,234)".</summary>
    public override string ToString() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.00} ms, p90 {P90:0.00} ms, p99 {P99:0.00} ms, p99.9 {P999:0.00} ms, max {Max:0.00} ms (n = {Count:N0})");

    /// <summary>"1.2 / 3.4 / 5.6 / 7.8": p50 / p90 / p99 / max, for a table cell.</summary>
    public string Short() => Count == 0
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{P50:0.0} / {P90:0.0} / {P99:0.0} / {Max:0.0}");
}
