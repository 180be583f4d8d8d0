using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Market.Cluster;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Tests.Cluster;

/// <summary>The cluster watch counts what this instance gained and lost between two looks, and knows a standby's feed.</summary>
public sealed class ClusterWatchUnitTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private readonly ClusterWatch _watch = new(
        new NoStatus(), Options.Create(new ClusterOptions { Mode = ClusterMode.Leased, InstanceId = "market-a" }), TimeProvider.System, NullLogger<ClusterWatch>.Instance);

    [Fact]
    public void A_lease_taken_then_lost_counts_one_acquisition_and_one_loss_with_its_time()
    {
        _watch.Observe(Snapshot(0, Held("feed:binary", "market-a", 3)));
        _watch.Observe(Snapshot(1, Held("feed:binary", "market-b", 4)));

        Assert.Equal(1, _watch.Changes[("feed:binary", "acquired")]);
        Assert.Equal(1, _watch.Changes[("feed:binary", "lost")]);
        Assert.Equal(At.AddSeconds(1), _watch.LastLeaseLostAt);
    }

    [Fact]
    public void A_lease_held_again_under_a_new_token_was_lost_and_acquired()
    {
        _watch.Observe(Snapshot(0, Held("job:provider", "market-a", 3)));
        _watch.Observe(Snapshot(1, Held("job:provider", "market-a", 7)));

        Assert.Equal(2, _watch.Changes[("job:provider", "acquired")]);
        Assert.Equal(1, _watch.Changes[("job:provider", "lost")]);
    }

    [Fact]
    public void A_partition_handed_to_its_desired_owner_is_released_not_lost()
    {
        var partition = Enumerable.Range(0, 16).First(p => RendezvousAssignment.OwnerOf(p, ["market-a", "market-b"]) == "market-b");
        var name = "part:" + partition;
        _watch.Observe(Snapshot(0, Held(name, "market-a", 2)));
        _watch.Observe(Snapshot(1, Held(name, "market-b", 3)));

        Assert.Equal(1, _watch.Changes[(name, "released")]);
        Assert.False(_watch.Changes.ContainsKey((name, "lost")));
        Assert.Null(_watch.LastLeaseLostAt);
    }

    [Fact]
    public void A_feed_another_live_instance_holds_is_standby_and_one_held_by_a_dead_instance_is_not()
    {
        _watch.Observe(Snapshot(0, Held("feed:binary", "market-b", 4), Held("feed:json", "market-gone", 2)));

        Assert.True(_watch.IsStandby("binary"));
        Assert.False(_watch.IsStandby("json"));
        Assert.False(_watch.IsStandby("other"));
    }

    [Fact]
    public void More_fenced_writes_than_at_the_last_look_note_when()
    {
        _watch.Observe(Snapshot(0) with { FencedWrites = 0 });
        Assert.Null(_watch.LastFencedWriteAt);

        _watch.Observe(Snapshot(2) with { FencedWrites = 5 });

        Assert.Equal(At.AddSeconds(2), _watch.LastFencedWriteAt);
    }

    private static LeaseState Held(string name, string holder, long token) =>
        LeaseName.TryParse(name, out var lease) ? new LeaseState(lease, holder, token, TimeSpan.FromSeconds(1)) : throw new ArgumentException(name);

    private static ClusterSnapshot Snapshot(int second, params LeaseState[] leases) => new(
        "market-a",
        ClusterMode.Leased,
        [Instance("market-a"), Instance("market-b")],
        leases,
        [],
        OrphanedWork: 0,
        LeaseChanges: 0,
        FencedWrites: 0,
        At.AddSeconds(second));

    private static InstanceRecord Instance(string id) =>
        new(id, InstanceRecord.MarketRole, null, At, At, ClusterMode.Leased, new Dictionary<string, long>(), [], [], false);

    private sealed class NoStatus : IClusterStatus
    {
        public Task<ClusterSnapshot> SnapshotAsync(CancellationToken ct) => throw new InvalidOperationException("not read in these tests");
    }
}
