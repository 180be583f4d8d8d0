using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Step 3 <c>"connection_failures" &gt; 5</c> (WebSocket server issues); Key Metrics: fewer than 5 per hour.</summary>
/// <remarks>A standby feed's attempts do not count (it connects only once it holds the feed); a feed held by no instance is connected by nobody: critical.</remarks>
public sealed class ConnectionFailuresRule : IDiagnosisRule
{
    public string Id => "websocket_connection_failures";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.WebSocket is not { } websocket)
        {
            return RuleOutcome.NotApplicable;
        }

        var standby = FeedRoleEvidence.Standby(websocket);
        var unheld = FeedRoleEvidence.Unheld(websocket);
        var perHour = Math.Round(websocket.ConnectionFailuresLastHour - standby.Sum(f => f.Value.ConnectionFailuresLastHour), 2);
        var evidence = new Dictionary<string, object?>
        {
            ["connection_failures_last_hour"] = perHour,
            ["connection_failures"] = websocket.ConnectionHistory.ConnectionFailures,
        };
        FeedRoleEvidence.AddStandby(evidence, standby);
        if (unheld.Count > 0)
        {
            var names = string.Join(", ", unheld.Select(f => f.Key));
            evidence["feeds_unheld"] = unheld.Select(f => f.Key).ToArray();
            return RuleOutcome.Problem(new Finding(
                Id,
                Severity.Critical,
                "A feed is connected by no instance",
                $"no instance holds the lease of feed {names}",
                $"Nobody connects to the quote server for {names}: {string.Join("; ", unheld.Select(f => FeedCondition.Explain(f.Key, f.Value)))}.",
                evidence,
                FeedRoleEvidence.UnheldAction));
        }

        if (perHour < GuideThresholds.ConnectionFailuresPerHourHealthy)
        {
            return RuleOutcome.Ok(Id, FeedRoleEvidence.Title("WebSocket connection failures", standby), evidence);
        }

        var failing = websocket.Feeds.Where(f => f.Value.ConnectionFailuresLastHour > 0 && !f.Value.IsStandby).OrderByDescending(f => f.Value.ConnectionFailuresLastHour).ToList();
        foreach (var (name, feed) in failing)
        {
            evidence[name] = new Dictionary<string, object?>
            {
                ["connection_failures_last_hour"] = feed.ConnectionFailuresLastHour,
                ["last_error"] = feed.LastError?.Detail,
            };
        }

        var critical = perHour > GuideThresholds.ConnectionFailuresCritical;
        var detail = string.Join(", ", failing.Select(f => Invariant($"{f.Key}: {f.Value.ConnectionFailuresLastHour:0.#}/h{(f.Value.LastError is { } e ? $" (last: {e.Detail})" : "")}")));
        return RuleOutcome.Problem(new Finding(
            Id,
            critical ? Severity.Critical : Severity.Warning,
            "WebSocket connections keep failing",
            Invariant($"\"connection_failures\": {perHour:0.#} in the last hour ({(critical ? "more than 5" : "the guide wants fewer than 5 an hour")})"),
            $"WebSocket server issues: connection attempts to the quote server fail ({detail}).",
            evidence,
            "Check network/DNS between this service and the quote server (the feed URLs: GET /api/debug/websocket → .feeds), and that the server accepts connections and the feed token."));
    }
}
