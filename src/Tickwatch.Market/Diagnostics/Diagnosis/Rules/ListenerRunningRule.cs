using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Step 1 <c>"is_running": false</c>: a WebSocket listener is down; the monitoring script's "WebSocket listener down!" alert.</summary>
/// <remarks>A feed held by another instance (standby) is not connected here by design and passes; a feed held by no instance is down.</remarks>
public sealed class ListenerRunningRule : IDiagnosisRule
{
    public string Id => "websocket_listener_down";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.WebSocket is not { } websocket)
        {
            return RuleOutcome.NotApplicable;
        }

        var status = websocket.ConnectionStatus;
        var evidence = new Dictionary<string, object?>
        {
            ["is_running"] = status.IsRunning,
            ["feeds_running"] = status.FeedsRunning,
            ["feeds_total"] = status.FeedsTotal,
        };
        var standby = FeedRoleEvidence.Standby(websocket);
        FeedRoleEvidence.AddStandby(evidence, standby);
        var down = websocket.Feeds.Where(f => !f.Value.IsRunning && !f.Value.IsStandby).ToList();
        if (status.IsRunning || (status.FeedsTotal > 0 && down.Count == 0))
        {
            return RuleOutcome.Ok(Id, FeedRoleEvidence.Title("WebSocket listeners running", standby), evidence);
        }

        evidence["feeds_not_running"] = status.FeedsNotRunning;
        foreach (var (name, feed) in down)
        {
            evidence[name] = new Dictionary<string, object?>
            {
                ["state"] = feed.State,
                ["last_message_age"] = feed.LastMessageAge,
                ["no_data_timeout_seconds"] = feed.NoDataTimeoutSeconds,
                ["last_disconnect_reason"] = feed.LastDisconnectReason,
                ["last_error"] = feed.LastError?.Detail,
                ["reconnect_attempt"] = feed.ReconnectAttempt,
                ["role"] = feed.Role,
            };
        }

        var causes = status.FeedsTotal == 0
            ? "no feed is configured (Feeds)"
            : string.Join("; ", down.Select(f => FeedCondition.Explain(f.Key, f.Value)));
        var restart = string.Join(", ", down.Select(f => $"POST /api/debug/services/feed_{f.Key}/restart"));
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Critical,
            "WebSocket listener down",
            Invariant($"\"is_running\": false ({status.FeedsRunning} of {status.FeedsTotal} feeds delivering; not running: {string.Join(", ", status.FeedsNotRunning)})"),
            $"WebSocket listener down: {causes}.",
            evidence,
            "Check listener status (GET /api/debug/websocket → .connection_status.is_running, .feeds) and connection history (.connection_history). "
            + "The listeners reconnect by themselves with backoff; if a feed stays down, check the quote server it connects to"
            + (restart.Length == 0 ? "." : $", then restart its listener: {restart}.")
            + (down.Any(f => f.Value.IsUnheld) ? " " + FeedRoleEvidence.UnheldAction : "")));
    }
}
