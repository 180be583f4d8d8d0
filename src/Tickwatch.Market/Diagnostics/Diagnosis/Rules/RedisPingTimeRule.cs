using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Key Metrics: <c>ping_time_ms</c> &lt; 100 ms; Degradation Indicators: Redis ping time &gt; 50 ms.</summary>
public sealed class RedisPingTimeRule : IDiagnosisRule
{
    public string Id => "redis_slow";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Redis?.ClusterHealth.PingTimeMs is not { } ping)
        {
            return RuleOutcome.NotApplicable;
        }

        var evidence = new Dictionary<string, object?> { ["ping_time_ms"] = ping };
        if (ping <= GuideThresholds.PingTimeDegradedMs)
        {
            return RuleOutcome.Ok(Id, "Redis ping time", evidence);
        }

        var limit = ping >= GuideThresholds.PingTimeHealthyMs
            ? Invariant($"the guide's limit of {GuideThresholds.PingTimeHealthyMs} ms")
            : Invariant($"the guide's degradation mark of {GuideThresholds.PingTimeDegradedMs} ms");
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "Redis responds slowly",
            Invariant($"\"ping_time_ms\": {ping} (above {limit})"),
            "Redis is slow to answer: an overloaded or swapping node, or a slow network between this service and the cluster. Price writes queue up behind it.",
            evidence,
            "Check each node's ping and memory (GET /api/debug/redis-cluster → .nodes[] | {host, ping_ms, used_memory_human}) and the network to the cluster."));
    }
}
