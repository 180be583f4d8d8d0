using Tickwatch.Market.Diagnostics.Comprehensive;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>What the feed rules say of a feed this instance does not write: a standby is information, a feed nobody holds is an outage.</summary>
internal static class FeedRoleEvidence
{
    /// <summary>The evidence key naming each standby feed's holder.</summary>
    public const string StandbyKey = "standby_feeds";

    /// <summary>The action for feeds held by no instance.</summary>
    public const string UnheldAction =
        "A feed held by no instance is written by nobody: check that the market instances run (Cluster:Mode=Leased) with their cluster_coordinator "
        + "and feed_<name> services (GET /api/debug/services), and their takeover log lines (events 2720–2723).";

    public static List<KeyValuePair<string, FeedSummary>> Standby(WebSocketSection websocket) =>
        [.. websocket.Feeds.Where(f => f.Value.IsStandby).OrderBy(f => f.Key, StringComparer.Ordinal)];

    public static List<KeyValuePair<string, FeedSummary>> Unheld(WebSocketSection websocket) =>
        [.. websocket.Feeds.Where(f => f.Value.IsUnheld).OrderBy(f => f.Key, StringComparer.Ordinal)];

    /// <summary>The passed check's title with the standby feeds named: <c>Title (standby: feed binary held by market-b)</c>.</summary>
    public static string Title(string title, List<KeyValuePair<string, FeedSummary>> standby) => standby.Count == 0
        ? title
        : $"{title} (standby: {string.Join(", ", standby.Select(f => $"feed {f.Key} held by {f.Value.HeldBy}"))})";

    /// <summary>Adds each standby feed's holder to <paramref name="evidence"/>.</summary>
    public static void AddStandby(Dictionary<string, object?> evidence, List<KeyValuePair<string, FeedSummary>> standby)
    {
        if (standby.Count > 0)
        {
            evidence[StandbyKey] = standby.ToDictionary(f => f.Key, f => f.Value.HeldBy, StringComparer.Ordinal);
        }
    }
}
