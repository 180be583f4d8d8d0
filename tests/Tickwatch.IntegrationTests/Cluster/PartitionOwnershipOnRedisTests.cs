using System.Diagnostics;
using Microsoft.Extensions.Options;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Tests.Cluster;
using Tickwatch.Testing;

namespace Tickwatch.IntegrationTests.Cluster;

/// <summary>Two instances owning partitions through the Redis lease store and heartbeats of the real test cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class PartitionOwnershipOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private const int Partitions = PartitionMap.DefaultPartitions;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];
    private RedisLeaseStore _store = null!;
    private RedisInstanceDirectory _directory = null!;

    [Fact]
    public async Task Two_instances_split_the_partitions_and_the_survivor_adopts_all_of_them_when_the_other_is_cut_off()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (a, storeA) = Start("part-a-" + suffix);
        var (b, _) = Start("part-b-" + suffix);

        await Eventually.UntilAsync(
            () => a.Owned.Count > 0 && b.Owned.Count > 0 && a.Owned.Count + b.Owned.Count == Partitions && !a.Owned.Overlaps(b.Owned),
            "the two instances split the partitions",
            Deadline);
        for (var p = 0; p < Partitions; p++)
        {
            var holder = (await _store.ReadAsync(LeaseName.Partition(p), default)).Holder;
            Assert.Equal(a.Owned.Contains(p) ? a.InstanceId : b.InstanceId, holder);
        }

        var cutAt = Stopwatch.GetTimestamp();
        storeA.Cut();
        await Eventually.UntilAsync(() => b.Owned.Count == Partitions, timeout: Deadline);
        var takeover = Stopwatch.GetElapsedTime(cutAt);

        Assert.Empty(a.Owned);
        var options = Options(b.InstanceId).Value;
        var bound = options.LeaseTtl + options.OrphanGrace + options.AcquirePoll;
        Assert.True(takeover < bound + TimeSpan.FromSeconds(1), $"took {takeover}, bound {bound}");
    }

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _store = new RedisLeaseStore(cluster.Connection, TimeProvider.System);
        _directory = new RedisInstanceDirectory(cluster.Connection);
    }

    public async Task DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            await run.WaitAsync(Deadline);
            stop.Dispose();
        }
    }

    private static IOptions<ClusterOptions> Options(string id) => Microsoft.Extensions.Options.Options.Create(new ClusterOptions
    {
        Mode = ClusterMode.Leased,
        InstanceId = id,
        LeaseTtl = TimeSpan.FromSeconds(1),
        RenewInterval = TimeSpan.FromMilliseconds(200),
        SafetyMargin = TimeSpan.FromMilliseconds(100),
        AcquirePoll = TimeSpan.FromMilliseconds(100),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        HeartbeatTtl = TimeSpan.FromSeconds(1),
        OrphanGrace = TimeSpan.FromMilliseconds(300),
    });

    private (LeasedPartitionOwnership Ownership, CuttableLeaseStore Store) Start(string id)
    {
        var store = new CuttableLeaseStore(_store);
        var ownership = new LeasedPartitionOwnership(store, _directory, Options(id), TimeProvider.System);
        var coordinator = new ClusterCoordinator(store, _directory, Options(id), TimeProvider.System, partitions: ownership);
        var stop = new CancellationTokenSource();
        _running.Add((stop, Task.WhenAll(coordinator.RunAsync(stop.Token), ownership.RunAsync(stop.Token))));
        return (ownership, store);
    }
}
