using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Step 3 <c>"success_rate" &lt; 80%</c> (frequent disconnections); Key Metrics: <c>success_rate</c> &gt; 95 %.</summary>
public sealed class ConnectionSuccessRateRule : IDiagnosisRule
{
    public string Id => "websocket_success_rate";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.WebSocket is not { } websocket)
        {
            return RuleOutcome.NotApplicable;
        }

        var history = websocket.ConnectionHistory;
        var evidence = new Dictionary<string, object?>
        {
            ["success_rate"] = history.SuccessRate,
            ["connection_attempts"] = history.ConnectionAttempts,
            ["successful_connections"] = history.SuccessfulConnections,
            ["disconnections"] = history.Disconnections,
        };
        if (history.ConnectionAttempts < GuideThresholds.MinAttemptsForSuccessRate || history.SuccessRate >= GuideThresholds.SuccessRateHealthy)
        {
            return RuleOutcome.Ok(Id, "WebSocket connection success rate", evidence);
        }

        evidence["last_disconnect_reason"] = history.LastDisconnectReason;
        var critical = history.SuccessRate < GuideThresholds.SuccessRateCritical;
        return RuleOutcome.Problem(new Finding(
            Id,
            critical ? Severity.Critical : Severity.Warning,
            "Frequent disconnections",
            Invariant($"\"success_rate\": {history.SuccessRate}% (below {(critical ? GuideThresholds.SuccessRateCritical : GuideThresholds.SuccessRateHealthy)}%)"),
            Invariant($"Frequent disconnections: {history.SuccessfulConnections} of {history.ConnectionAttempts} connection attempts succeeded; last disconnect: {history.LastDisconnectReason ?? "none"}."),
            evidence,
            "Check ping/network: the keep-alive settings (Feeds:N:PingInterval, PongTimeout) and the network path to the quote server; GET /api/debug/websocket → .connection_history."));
    }
}
