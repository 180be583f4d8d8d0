using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Key Metrics: <c>cluster_state</c> should be "ok"; the monitoring script's "Redis cluster unhealthy!" alert.</summary>
public sealed class RedisClusterStateRule : IDiagnosisRule
{
    private const string NotApplicable = "not_applicable";

    public string Id => "redis_cluster_unhealthy";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // An unreachable cluster is redis_unreachable's finding; its state cannot be read.
        if (snapshot.Redis is not { Connected: true } redis)
        {
            return RuleOutcome.NotApplicable;
        }

        var health = redis.ClusterHealth;
        var evidence = new Dictionary<string, object?>
        {
            ["cluster_state"] = health.ClusterState,
            ["store"] = redis.Store,
        };
        if (health.ClusterState is "ok" or NotApplicable)
        {
            return RuleOutcome.Ok(
                Id,
                health.ClusterState == NotApplicable ? "Redis cluster state (in-memory store: there is no cluster)" : "Redis cluster state ok",
                evidence);
        }

        evidence["slots_ok"] = health.SlotsOk;
        evidence["slots_pfail"] = health.SlotsPfail;
        evidence["slots_fail"] = health.SlotsFail;
        evidence["known_nodes"] = health.KnownNodes;
        evidence["unreachable_nodes"] = redis.UnreachableNodes;
        var down = redis.UnreachableNodes.Count == 0 ? "" : Invariant($" Nodes not answering: {string.Join(", ", redis.UnreachableNodes)}.");
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Critical,
            "Redis cluster unhealthy",
            Invariant($"\"cluster_state\": \"{health.ClusterState}\" (should be \"ok\")"),
            Invariant($"The cluster does not serve every hash slot ({health.SlotsOk ?? 0} ok, {health.SlotsPfail ?? 0} suspected down, {health.SlotsFail ?? 0} failed): a master is down and no replica has taken over, so writes of the prices in those slots fail.{down}"),
            evidence,
            "Check Redis containers (docker ps --filter name=redis-node; docker logs redis-node-1), restart the failed nodes "
            + "(docker-compose restart redis-node-1 redis-node-2 redis-node-3), then verify: GET /api/debug/redis-cluster → .cluster_health.cluster_state is \"ok\"."));
    }
}
