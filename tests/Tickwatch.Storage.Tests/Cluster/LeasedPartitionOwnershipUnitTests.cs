using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;

namespace Tickwatch.Storage.Tests.Cluster;

/// <summary>Instances sharing one in-memory lease store and registry, on the real clock with short leases: who owns which partition, and who takes over.</summary>
public sealed class LeasedPartitionOwnershipUnitTests : IAsyncDisposable
{
    private const int Partitions = PartitionMap.DefaultPartitions;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ClusterOptions _options = QuickLeases.Options();

    private readonly InMemoryLeaseStore _store = new(TimeProvider.System);
    private readonly InMemoryInstanceDirectory _directory = new(TimeProvider.System);
    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];

    [Fact]
    public async Task Two_instances_split_the_partitions_as_rendezvous_says_and_never_own_one_both()
    {
        var a = Start("market-a");
        await Eventually.UntilAsync(() => a.Ownership.Owned.Count == Partitions, timeout: Deadline);
        var b = Start("market-b");

        var expected = RendezvousAssignment.Assign(Partitions, ["market-a", "market-b"]);
        var overlaps = 0;
        await Eventually.UntilAsync(
            () =>
            {
                var (ownedA, ownedB) = (a.Ownership.Owned, b.Ownership.Owned);
                overlaps += ownedA.Intersect(ownedB).Any() ? 1 : 0;
                return Enumerable.Range(0, Partitions).All(p => (expected[p] == "market-a" ? ownedA : ownedB).Contains(p))
                    && ownedA.Count + ownedB.Count == Partitions;
            },
            "the partitions are split as rendezvous says",
            Deadline);

        Assert.Equal(0, overlaps);
        Assert.Empty(a.Ownership.Owned.Intersect(b.Ownership.Owned));
        Assert.InRange(b.Ownership.Owned.Count, 1, Partitions - 1);
        for (var p = 0; p < Partitions; p++)
        {
            Assert.Equal(expected[p], (await _store.ReadAsync(LeaseName.Partition(p), default)).Holder);
        }

        await EventsMatchOwned(a);
        await EventsMatchOwned(b);
        Assert.Contains(a.Changes, c => c.Lost.Count > 0);
    }

    [Fact]
    public async Task A_third_instance_joining_moves_only_the_partitions_it_wins()
    {
        var a = Start("market-a");
        var b = Start("market-b");
        var two = RendezvousAssignment.Assign(Partitions, ["market-a", "market-b"]);
        await Eventually.UntilAsync(() => Settled(two, a, b), "two instances settle", Deadline);

        await EventsMatchOwned(a);
        await EventsMatchOwned(b);
        var (lostByA, lostByB) = (a.Changes.Count, b.Changes.Count);
        var c = Start("market-c");
        var three = RendezvousAssignment.Assign(Partitions, ["market-a", "market-b", "market-c"]);
        await Eventually.UntilAsync(() => Settled(three, a, b, c), "three instances settle", Deadline);

        var moved = Enumerable.Range(0, Partitions).Where(p => two[p] != three[p]).ToList();
        Assert.InRange(moved.Count, 1, (int)Math.Ceiling(Partitions / 3.0) + 1);
        Assert.Equal(moved, c.Ownership.Owned.Order());

        // Neither of the first two gave up a partition the newcomer does not own.
        Assert.All(a.Changes.Skip(lostByA).Concat(b.Changes.Skip(lostByB)).SelectMany(ch => ch.Lost), p => Assert.Contains(p, moved));
        await EventsMatchOwned(a);
        await EventsMatchOwned(c);
    }

    [Fact]
    public async Task The_survivor_adopts_every_partition_of_an_instance_cut_off_from_the_leases_within_ttl_grace_and_poll()
    {
        var a = Start("market-a");
        var b = Start("market-b");
        var two = RendezvousAssignment.Assign(Partitions, ["market-a", "market-b"]);
        await Eventually.UntilAsync(() => Settled(two, a, b), "two instances settle", Deadline);

        var cutAt = Stopwatch.GetTimestamp();
        a.Store.Cut();
        await Eventually.UntilAsync(() => b.Ownership.Owned.Count == Partitions, timeout: Deadline);
        var takeover = Stopwatch.GetElapsedTime(cutAt);

        // A stops by its own clock, and says so, though it never heard from the store again.
        Assert.Empty(a.Ownership.Owned);
        Assert.False(a.Ownership.Owns(AccountId.Parse("live:42")));
        Assert.True(b.Ownership.Owns(AccountId.Parse("live:42")));
        var bound = _options.LeaseTtl + _options.OrphanGrace + _options.AcquirePoll;
        Assert.True(takeover < bound + TimeSpan.FromSeconds(1), $"took {takeover}, bound {bound}");
        await EventsMatchOwned(a);
        await EventsMatchOwned(b);

        // A still writes its heartbeat, yet B keeps the adopted partitions instead of handing them back to be orphaned again.
        var settledChanges = b.Changes.Count;
        await Eventually.UntilAsync(async () => (await _directory.ListAsync(default)).Any(i => i.Id == "market-a" && i.HeartbeatAt > DateTimeOffset.UtcNow.AddMilliseconds(-50)));
        Assert.Equal(Partitions, b.Ownership.Owned.Count);
        Assert.Equal(settledChanges, b.Changes.Count);
    }

    [Fact]
    public async Task An_instance_that_stops_releases_its_partitions_and_the_other_takes_them_all()
    {
        var a = Start("market-a");
        var b = Start("market-b");
        var two = RendezvousAssignment.Assign(Partitions, ["market-a", "market-b"]);
        await Eventually.UntilAsync(() => Settled(two, a, b), "two instances settle", Deadline);

        await a.StopAsync();

        Assert.Empty(a.Ownership.Owned);
        Assert.Empty(Replay(a.Changes));
        await Eventually.UntilAsync(() => b.Ownership.Owned.Count == Partitions, timeout: Deadline);
        await EventsMatchOwned(b);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            await run.WaitAsync(Deadline);
            stop.Dispose();
        }
    }

    private static bool Settled(IReadOnlyList<string?> expected, params Instance[] instances) =>
        instances.Sum(i => i.Ownership.Owned.Count) == Partitions
        && instances.All(i => i.Ownership.Owned.SetEquals(Enumerable.Range(0, Partitions).Where(p => expected[p] == i.Id)));

    private static HashSet<int> Replay(IEnumerable<PartitionChange> changes)
    {
        var owned = new HashSet<int>();
        foreach (var change in changes)
        {
            Assert.All(change.Gained, p => Assert.True(owned.Add(p), $"partition {p} gained twice"));
            Assert.All(change.Lost, p => Assert.True(owned.Remove(p), $"partition {p} lost but not owned"));
        }

        return owned;
    }

    // The events are raised off the rebalancing thread, so they may trail the owned set for a moment.
    private static Task EventsMatchOwned(Instance instance) =>
        Eventually.UntilAsync(() => Replay(instance.Changes).SetEquals(instance.Ownership.Owned), $"{instance.Id}'s events match its owned set", Deadline);

    private Instance Start(string id)
    {
        var options = Options.Create(QuickLeases.Options(id));
        var store = new CuttableLeaseStore(_store);
        var ownership = new LeasedPartitionOwnership(store, _directory, options, TimeProvider.System);
        var coordinator = new ClusterCoordinator(store, _directory, options, TimeProvider.System, partitions: ownership);
        var changes = new ConcurrentQueue<PartitionChange>();
        ownership.Changed += changes.Enqueue;
        var stop = new CancellationTokenSource();
        var run = Task.WhenAll(coordinator.RunAsync(stop.Token), ownership.RunAsync(stop.Token));
        _running.Add((stop, run));
        return new Instance(id, ownership, store, changes, StopAsync);

        async Task StopAsync()
        {
            await stop.CancelAsync();
            await run.WaitAsync(Deadline);
        }
    }

    private sealed record Instance(string Id, LeasedPartitionOwnership Ownership, CuttableLeaseStore Store, ConcurrentQueue<PartitionChange> Changes, Func<Task> StopAsync);
}
