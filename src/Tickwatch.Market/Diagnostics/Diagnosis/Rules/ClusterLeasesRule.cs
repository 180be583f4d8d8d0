using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>
/// Leased mode: every feed and partition must have a live holder, or its prices are not written or its accounts'
/// triggers, portfolios and ledger are not run. Fenced writes, a lease lost lately, or a single market instance (no
/// standby to take over) are warnings. Not applicable in single mode, where this instance holds everything.
/// </summary>
public sealed class ClusterLeasesRule : IDiagnosisRule
{
    /// <summary>A lease lost or a write fenced within this window is reported.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromMinutes(5);

    private const string Where = "GET /api/debug/instances";

    public string Id => "cluster_leases";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Instances is not { } cluster)
        {
            return RuleOutcome.NotApplicable;
        }

        // Single mode: one instance runs everything, there is no lease to lose.
        if (!cluster.IsLeased)
        {
            return RuleOutcome.Ok(Id, "Single mode: this instance runs every feed and partition", new Dictionary<string, object?> { ["mode"] = cluster.Mode, ["instance_id"] = cluster.InstanceId });
        }

        var unheldFeeds = cluster.Leases.Where(l => l.Kind == "feed" && l.Orphaned).Select(l => l.Name).ToList();
        var orphanedPartitions = cluster.Leases.Where(l => l.Kind == "partition" && l.Orphaned).Select(l => l.Name).ToList();
        var lostLately = cluster.LastLeaseLostAt is { } lost && snapshot.At - lost <= Recent;
        var fencedLately = cluster.LastFencedWriteAt is { } fenced && snapshot.At - fenced <= Recent;
        var evidence = new Dictionary<string, object?>
        {
            ["instance_id"] = cluster.InstanceId,
            ["market_instances"] = cluster.MarketInstances,
            ["instances"] = cluster.Instances.Select(i => i.Id).ToList(),
            ["orphaned_work"] = cluster.OrphanedWork,
            ["feeds_unheld"] = unheldFeeds,
            ["partitions_orphaned"] = orphanedPartitions,
            ["fenced_writes"] = cluster.FencedWrites,
            ["last_fenced_write_at"] = cluster.LastFencedWriteAt,
            ["last_lease_lost_at"] = cluster.LastLeaseLostAt,
            ["lease_changes"] = cluster.LeaseChanges,
        };

        if (unheldFeeds.Count > 0 || orphanedPartitions.Count > 0)
        {
            var what = string.Join("; ", new[]
            {
                unheldFeeds.Count > 0 ? $"feeds nobody writes: {string.Join(", ", unheldFeeds)}" : null,
                orphanedPartitions.Count > 0 ? $"partitions nobody runs: {string.Join(", ", orphanedPartitions)}" : null,
            }.OfType<string>());
            return RuleOutcome.Problem(new Finding(
                Id,
                Severity.Critical,
                "Cluster work without a live holder",
                Invariant($"orphaned_work {cluster.OrphanedWork} with {cluster.MarketInstances} market instance(s) live: {what}"),
                "No live market instance holds these leases: a feed without a holder has no prices written (every instance's book goes stale), "
                + "a partition without one has no triggers fired, portfolios computed or ledger written for its accounts. "
                + "The survivors adopt a free partition after Cluster:OrphanGrace and compete for a free feed at once, so this lasting means no instance can reach the lease store or none is running.",
                evidence,
                $"{Where} → .leases (holder, ttl_ms) and .instances; check each instance's /api/debug/redis-cluster, and start a market service with Cluster:Mode=Leased if none is left."));
        }

        var warnings = new List<string>();
        if (fencedLately)
        {
            warnings.Add(Invariant($"{cluster.FencedWrites} price write(s) of this instance refused by a fence, the last at {cluster.LastFencedWriteAt:O}: another instance took a feed over from it"));
        }

        if (lostLately)
        {
            warnings.Add(Invariant($"this instance lost a lease at {cluster.LastLeaseLostAt:O} (its renewal was not answered in time, or the store held another grant)"));
        }

        if (cluster.MarketInstances < 2)
        {
            warnings.Add(Invariant($"{cluster.MarketInstances} market instance(s) live: nothing stands by to take over if it stops"));
        }

        if (warnings.Count > 0)
        {
            return RuleOutcome.Problem(new Finding(
                Id,
                Severity.Warning,
                "Cluster leases unsettled",
                string.Join("; ", warnings),
                "Every feed and partition is held, but the cluster moved work lately or has no standby: a takeover, a pause of this process longer than Cluster:LeaseTtl, a slow lease store, or an instance stopped.",
                evidence,
                $"{Where} → .instances, .leases and .last_lease_lost_at; the log's events 3041 (lease lost) and 3042 (write refused by fence) say which lease and why. Start another market instance when only one is live."));
        }

        return RuleOutcome.Ok(Id, Invariant($"{cluster.Instances.Count} instances, every feed and partition held"), evidence);
    }
}
