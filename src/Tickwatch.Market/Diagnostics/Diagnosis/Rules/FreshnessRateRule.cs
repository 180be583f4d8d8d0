using Tickwatch.Market.Diagnostics.MarketData;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>
/// Step 3 <c>"fresh_symbols": 0</c> (no recent market data), Step 1 <c>"freshness_rate": &lt; 50</c> (data staleness, the
/// monitoring script's "Stale market data!"), Key Metrics: <c>freshness_rate</c> &gt; 80 %.
/// </summary>
public sealed class FreshnessRateRule : DataFreshnessRule
{
    public override string Id => "stale_market_data";

    protected override RuleOutcome Judge(DataFreshnessSection freshness, DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(freshness);
        ArgumentNullException.ThrowIfNull(snapshot);
        var evidence = new Dictionary<string, object?>
        {
            ["freshness_rate"] = freshness.FreshnessRate,
            ["fresh_symbols"] = freshness.FreshSymbols,
            ["stale_symbols"] = freshness.StaleSymbols,
            ["missing_symbols"] = freshness.MissingSymbols,
            ["total_symbols"] = freshness.TotalSymbols,
        };
        if (freshness.FreshnessRate >= GuideThresholds.FreshnessRateHealthy && freshness.FreshSymbols > 0)
        {
            return RuleOutcome.Ok(Id, "Market data freshness", evidence);
        }

        // The feeds' state is the usual cause; say so when it is known.
        var feedsDown = snapshot.WebSocket is { ConnectionStatus.IsRunning: false } websocket
            ? $" Feeds not delivering: {string.Join(", ", websocket.ConnectionStatus.FeedsNotRunning)}."
            : "";
        var counts = Invariant($"{freshness.FreshSymbols} of {freshness.TotalSymbols} symbols have a price younger than their limit ({freshness.StaleSymbols} stale, {freshness.MissingSymbols} missing).");
        const string Check = "Check data freshness (GET /api/debug/market-data → .data_freshness) and individual symbols (.symbol_analysis).";
        if (freshness.FreshSymbols == 0)
        {
            return RuleOutcome.Problem(new Finding(
                Id,
                Severity.Critical,
                "No recent market data",
                "\"fresh_symbols\": 0",
                $"No recent market data: {counts}{feedsDown}",
                evidence,
                $"Check both listeners (GET /api/debug/websocket → .connection_status, .feeds). {Check}"));
        }

        var critical = freshness.FreshnessRate < GuideThresholds.FreshnessRateCritical;
        return RuleOutcome.Problem(new Finding(
            Id,
            critical ? Severity.Critical : Severity.Warning,
            "Stale market data",
            Invariant($"\"freshness_rate\": {freshness.FreshnessRate} (below {(critical ? GuideThresholds.FreshnessRateCritical : GuideThresholds.FreshnessRateHealthy)})"),
            $"Data staleness issue: {counts}{feedsDown}",
            evidence,
            $"{Check} If the feeds run but symbols stay stale, the quote server has stopped sending those symbols."));
    }
}
