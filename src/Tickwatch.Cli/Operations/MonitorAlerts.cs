using Tickwatch.Market.Diagnostics.Diagnosis;

namespace Tickwatch.Cli.Operations;

/// <summary>The guide's monitoring script's alert lines, verbatim, and when each one fires.</summary>
internal static class MonitorAlerts
{
    public const string RedisUnhealthy = "🚨 ALERT: Redis cluster unhealthy!";
    public const string WebSocketDown = "🚨 ALERT: WebSocket listener down!";
    public const string StaleMarketData = "🚨 ALERT: Stale market data!";

    // The in-memory store has no cluster to be unhealthy: the script would alert on it, the monitor does not.
    private const string NoCluster = "not_applicable";

    public static IReadOnlyList<string> For(MonitorReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var alerts = new List<string>();
        if (reading.RedisState is not ("ok" or NoCluster))
        {
            alerts.Add(RedisUnhealthy);
        }

        if (!reading.WebSocketRunning)
        {
            alerts.Add(WebSocketDown);
        }

        if (reading.Freshness < GuideThresholds.FreshnessRateCritical)
        {
            alerts.Add(StaleMarketData);
        }

        return alerts;
    }
}
