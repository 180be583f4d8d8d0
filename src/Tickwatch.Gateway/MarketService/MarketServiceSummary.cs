using System.Text.Json.Nodes;

namespace Tickwatch.Gateway.MarketService;

/// <summary>The market service's own view of itself, read from its readiness report.</summary>
/// <param name="Status"><c>ready</c> or <c>not_ready</c>.</param>
/// <param name="Ready">Fit to take traffic.</param>
/// <param name="FailingChecks">Names of the readiness checks that failed.</param>
/// <param name="Redis">The store.</param>
/// <param name="Feeds">The feed listeners.</param>
/// <param name="MarketData">Freshness of the prices.</param>
/// <param name="Timestamp">The market service's clock when it answered.</param>
public sealed record MarketServiceSummary(
    string? Status,
    bool? Ready,
    IReadOnlyList<string> FailingChecks,
    StoreSummary Redis,
    FeedsSummary Feeds,
    FreshnessSummary MarketData,
    DateTimeOffset? Timestamp)
{
    /// <summary>Reads a readiness report (<c>checks.store</c>, <c>checks.feeds</c>, <c>checks.market_data</c>); a missing figure reads as null, never as 0 or false.</summary>
    public static MarketServiceSummary From(JsonNode report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var store = report["checks"]?["store"];
        var feeds = report["checks"]?["feeds"];
        var data = report["checks"]?["market_data"];
        return new MarketServiceSummary(
            Text(report["status"]),
            Value<bool>(report["ready"]),
            Strings(report["failing_checks"]),
            new StoreSummary(
                Value<bool>(store?["data"]?["reachable"]),
                Text(store?["data"]?["kind"]),
                Text(store?["data"]?["cluster_state"]),
                Value<double>(store?["data"]?["latency_ms"]),
                Text(store?["description"])),
            new FeedsSummary(
                Value<int>(feeds?["data"]?["feeds_total"]) is { } total && Value<int>(feeds?["data"]?["feeds_running"]) is { } running ? running == total : null,
                Value<int>(feeds?["data"]?["feeds_running"]),
                Value<int>(feeds?["data"]?["feeds_total"]),
                Strings(feeds?["data"]?["feeds_not_running"]),
                Text(feeds?["description"])),
            new FreshnessSummary(
                Value<int>(data?["data"]?["fresh_symbols"]),
                Value<int>(data?["data"]?["total_symbols"]),
                Value<double>(data?["data"]?["freshness_rate"]),
                Value<double>(data?["data"]?["min_freshness_rate"]),
                Strings(data?["data"]?["stale_symbols"]),
                Strings(data?["data"]?["missing_symbols"]),
                Text(data?["description"])),
            Value<DateTimeOffset>(report["timestamp"]));
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static T? Value<T>(JsonNode? node)
        where T : struct => node is JsonValue value && value.TryGetValue<T>(out var result) ? result : null;

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : [];
}
