using Tickwatch.Market.Cluster;
using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>The cluster's leases judged from fixed <c>instances</c> sections: orphaned work is critical, unsettled leases a warning.</summary>
public sealed class ClusterLeasesRuleUnitTests
{
    private static readonly ClusterLeasesRule Rule = new();

    [Fact]
    public void Two_instances_holding_every_feed_and_partition_pass()
    {
        var passed = Rule.Evaluate(With(Cluster())).Passed!;

        Assert.Equal("2 instances, every feed and partition held", passed.Title);
        Assert.Equal(0, passed.Evidence["orphaned_work"]);
    }

    [Fact]
    public void A_feed_lease_without_a_live_holder_is_critical()
    {
        var report = Cluster(leases: [Lease("feed:binary", "market-gone"), .. Partitions()]) with { OrphanedWork = 1 };

        var finding = Rule.Finding(With(report))!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("feeds nobody writes: feed:binary", finding.Symptom, StringComparison.Ordinal);
        Assert.Equal(["feed:binary"], Assert.IsType<List<string>>(finding.Evidence["feeds_unheld"]));
    }

    [Fact]
    public void A_partition_nobody_holds_is_critical()
    {
        var report = Cluster(leases: [Lease("feed:binary", "market-a"), .. Partitions(free: 7)]) with { OrphanedWork = 1 };

        var finding = Rule.Finding(With(report))!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("partitions nobody runs: part:7", finding.Symptom, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_fenced_four_minutes_ago_warns_and_one_six_minutes_ago_does_not()
    {
        var recent = Rule.Finding(With(Cluster() with { FencedWrites = 3, LastFencedWriteAt = Snapshots.At.AddMinutes(-4) }))!;
        var old = Rule.Evaluate(With(Cluster() with { FencedWrites = 3, LastFencedWriteAt = Snapshots.At.AddMinutes(-6) }));

        Assert.Equal(Severity.Warning, recent.Severity);
        Assert.Contains("3 price write(s) of this instance refused by a fence", recent.Symptom, StringComparison.Ordinal);
        Assert.NotNull(old.Passed);
    }

    [Fact]
    public void A_lease_lost_in_the_last_five_minutes_warns()
    {
        var finding = Rule.Finding(With(Cluster() with { LastLeaseLostAt = Snapshots.At.AddSeconds(-30) }))!;

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("this instance lost a lease", finding.Symptom, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_market_instance_in_leased_mode_warns_that_nothing_stands_by()
    {
        var alone = Cluster() with { Instances = [Instance("market-a")], MarketInstances = 1 };

        var finding = Rule.Finding(With(alone))!;

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("1 market instance(s) live: nothing stands by", finding.Symptom, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_mode_passes_and_a_missing_section_is_not_judged()
    {
        var passed = Rule.Evaluate(With(Snapshots.SingleInstance())).Passed!;

        Assert.Equal("Single mode: this instance runs every feed and partition", passed.Title);
        Assert.Same(RuleOutcome.NotApplicable, Rule.Evaluate(Snapshots.Healthy() with { Instances = null }));
    }

    [Fact]
    public void The_standard_rules_include_it()
    {
        Assert.Contains(DiagnosisEngine.StandardRules, r => r is ClusterLeasesRule);
    }

    private static DiagnosisSnapshot With(InstancesReport report) => Snapshots.Healthy() with { Instances = report };

    private static InstancesReport Cluster(IReadOnlyList<LeaseEntry>? leases = null)
    {
        leases ??= [Lease("feed:binary", "market-a"), Lease("feed:json", "market-a"), .. Partitions()];
        return new InstancesReport(
            "market-a",
            InstancesReport.LeasedMode,
            Snapshots.At,
            [Instance("market-a"), Instance("market-b")],
            leases,
            leases.Where(l => l.Kind == "partition").ToDictionary(l => l.Name["part:".Length..], l => l.Holder),
            [0, 2, 4],
            MarketInstances: 2,
            OrphanedWork: 0,
            LeaseChanges: 4,
            FencedWrites: 0,
            LastLeaseLostAt: null,
            LastFencedWriteAt: null);
    }

    private static IEnumerable<LeaseEntry> Partitions(int free = -1) =>
        Enumerable.Range(0, 16).Select(p => p == free ? new LeaseEntry($"part:{p}", "partition", null, null, null, true) : Lease($"part:{p}", p % 2 == 0 ? "market-a" : "market-b"));

    private static LeaseEntry Lease(string name, string holder) =>
        new(name, name[..name.IndexOf(':', StringComparison.Ordinal)] is "part" ? "partition" : name[..name.IndexOf(':', StringComparison.Ordinal)], holder, 5, 1800, holder == "market-gone");

    private static InstanceEntry Instance(string id) =>
        new(id, "market", null, Snapshots.At.AddHours(-1), Snapshots.At, new Dictionary<string, long>(), [], [], false);
}
