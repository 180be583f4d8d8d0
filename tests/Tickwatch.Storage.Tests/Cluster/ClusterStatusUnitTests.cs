using Microsoft.Extensions.Options;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;

namespace Tickwatch.Storage.Tests.Cluster;

/// <summary>Leased mode's status and heartbeat include the partition leases: every partition is seen, one nobody holds is orphaned work.</summary>
public sealed class ClusterStatusUnitTests : IAsyncDisposable
{
    private const int Partitions = PartitionMap.DefaultPartitions;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly InMemoryLeaseStore _store = new(TimeProvider.System);
    private readonly InMemoryInstanceDirectory _directory = new(TimeProvider.System);
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    [Fact]
    public async Task Before_anything_is_held_every_partition_is_listed_free_and_orphaned()
    {
        var (coordinator, ownership) = Compose("market-a");
        var status = new ClusterStatus(coordinator, _store, ownership, TimeProvider.System);

        var snapshot = await status.SnapshotAsync(default);

        Assert.Equal(Enumerable.Range(0, Partitions).Select(p => "part:" + p), snapshot.Leases.Select(l => l.Name.ToString()));
        Assert.All(snapshot.Leases, l => Assert.Null(l.Holder));
        Assert.Equal(Partitions, snapshot.OrphanedWork);
        Assert.Equal(0, snapshot.FencedWrites);
    }

    [Fact]
    public async Task Once_the_partitions_are_owned_the_heartbeat_carries_their_tokens_and_nothing_is_orphaned()
    {
        var (coordinator, ownership) = Compose("market-a");
        var status = new ClusterStatus(coordinator, _store, ownership, TimeProvider.System);
        _run = Task.WhenAll(coordinator.RunAsync(_stop.Token), ownership.RunAsync(_stop.Token));

        var snapshot = await Eventually.ValueAsync(
            () => status.SnapshotAsync(default),
            s => s.OrphanedWork == 0 && s.Instances.Any(i => i.Id == "market-a"),
            "every partition held by a live instance",
            Deadline);

        Assert.All(snapshot.Leases, l => Assert.Equal("market-a", l.Holder));
        Assert.Equal(Enumerable.Range(0, Partitions), snapshot.OwnedPartitions);
        var self = coordinator.Self;
        Assert.Equal(Partitions, self.Leases.Count(l => l.Key.StartsWith("part:", StringComparison.Ordinal)));
        foreach (var lease in snapshot.Leases)
        {
            Assert.Equal(lease.Token, self.Leases[lease.Name.ToString()]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(Deadline);
        _stop.Dispose();
    }

    private (ClusterCoordinator Coordinator, LeasedPartitionOwnership Ownership) Compose(string id)
    {
        var options = Options.Create(QuickLeases.Options(id));
        var ownership = new LeasedPartitionOwnership(_store, _directory, options, TimeProvider.System);
        return (new ClusterCoordinator(_store, _directory, options, TimeProvider.System, partitions: ownership), ownership);
    }
}
