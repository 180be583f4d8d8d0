using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Step 1 <c>"connected": false</c> and Step 3 <c>"ping_success": false</c>: the Redis cluster is unreachable.</summary>
public sealed class RedisConnectedRule : IDiagnosisRule
{
    public string Id => "redis_unreachable";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Redis is not { } redis)
        {
            return RuleOutcome.NotApplicable;
        }

        var health = redis.ClusterHealth;
        var evidence = new Dictionary<string, object?>
        {
            ["connected"] = redis.Connected,
            ["store"] = redis.Store,
            ["ping_success"] = health.PingSuccess,
            ["ping_time_ms"] = health.PingTimeMs,
        };
        if (redis.Connected && health.PingSuccess != false)
        {
            return RuleOutcome.Ok(Id, "Redis reachable", evidence);
        }

        evidence["cluster_state"] = health.ClusterState;
        evidence["unreachable_nodes"] = redis.UnreachableNodes;
        evidence["error"] = health.Error;
        var nodes = redis.UnreachableNodes.Count == 0
            ? ""
            : Invariant($" {redis.UnreachableNodes.Count} of {redis.NodesTotal} nodes do not answer ({string.Join(", ", redis.UnreachableNodes)}).");
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Critical,
            "Redis cluster unreachable",
            "\"connected\": false, \"ping_success\": false",
            $"Redis cluster unreachable: {health.Error ?? redis.Summary}.{nodes} Prices are not stored or published meanwhile; the store writer retries.",
            evidence,
            "Check Redis containers (docker ps --filter name=redis-node; docker logs redis-node-1), restart them if needed "
            + "(docker-compose restart redis-node-1 redis-node-2 redis-node-3), then verify the cluster state: GET /api/debug/redis-cluster → .cluster_health."));
    }
}
