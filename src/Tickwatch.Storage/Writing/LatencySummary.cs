using System.Text.Json.Serialization;

namespace Tickwatch.Storage.Writing;

/// <summary>Percentiles of a latency distribution in milliseconds (each the upper bound of its bucket, within 6.25 %).</summary>
public sealed record LatencySummary(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p90_ms")] double P90Ms,
    [property: JsonPropertyName("p99_ms")] double P99Ms,
    [property: JsonPropertyName("p999_ms")] double P999Ms,
    [property: JsonPropertyName("max_ms")] double MaxMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0);
}
