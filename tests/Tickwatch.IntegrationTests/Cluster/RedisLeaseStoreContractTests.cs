using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Tests.Contract;
using Tickwatch.Testing;

namespace Tickwatch.IntegrationTests.Cluster;

/// <summary>The Redis lease store passes the lease contract against the real test cluster, races of two holders included.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisLeaseStoreContractTests(RedisClusterFixture cluster) : LeaseStoreContract, IAsyncLifetime
{
    private RedisLeaseStore _store = null!;

    protected override ILeaseStore Store => _store;

    protected override int RaceRounds => 1000;

    // The store's own clock expires the key: wait until it has.
    protected override Task ExpireAsync(LeaseName name, TimeSpan ttl) =>
        Eventually.UntilAsync(async () => !(await _store.ReadAsync(name, default)).IsHeld, "the lease expired in Redis");

    [Fact]
    public async Task A_token_counter_lost_in_a_failover_is_raised_above_the_fence_by_the_floor()
    {
        var name = NewName();
        var first = await _store.TryAcquireAsync(name, "a", Ttl, 0, default);
        await _store.ReleaseAsync(first!, default);

        // What an asynchronous failover may do: the new master never saw the INCR.
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        await database.KeyDeleteAsync(Tickwatch.Storage.RedisKeys.LeaseToken(name.ToString()));
        var regressed = await _store.TryAcquireAsync(name, "b", Ttl, 0, default);
        await _store.ReleaseAsync(regressed!, default);
        var floored = await _store.TryAcquireAsync(name, "b", Ttl, first!.Token, default);

        Assert.Equal(first.Token, regressed!.Token);
        Assert.Equal(first.Token + 1, floored!.Token);
    }

    [Fact]
    public async Task The_instance_directory_lists_live_heartbeats_and_prunes_expired_ones()
    {
        var directory = new RedisInstanceDirectory(cluster.Connection);
        var id = "test-" + Guid.NewGuid().ToString("N")[..8];
        var gone = id + "-gone";
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var self = new InstanceRecord(id, InstanceRecord.MarketRole, "http://127.0.0.1:8001", now, now, ClusterMode.Leased,
            new Dictionary<string, long> { ["feed:binary"] = 7, ["part:3"] = 2 }, [3], ["binary"], ProviderConnected: true);

        await directory.BeatAsync(self, TimeSpan.FromSeconds(30), default);
        await directory.BeatAsync(self with { Id = gone }, TimeSpan.FromMilliseconds(100), default);
        await Eventually.UntilAsync(async () => !(await directory.ListAsync(default)).Any(i => i.Id == gone), "the short heartbeat expired");

        var listed = Assert.Single(await directory.ListAsync(default), i => i.Id == id);
        Assert.Equal(self.Url, listed.Url);
        Assert.Equal(self.StartedAt, listed.StartedAt);
        Assert.Equal(7, listed.Leases["feed:binary"]);
        Assert.Equal([3], listed.Partitions);
        Assert.Equal(["binary"], listed.FeedsConnected);
        Assert.True(listed.ProviderConnected);
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        Assert.False(await database.SetContainsAsync(Tickwatch.Storage.RedisKeys.ClusterInstances, gone));

        await directory.RemoveAsync(id, default);
        Assert.DoesNotContain(await directory.ListAsync(default), i => i.Id == id);
    }

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _store = new RedisLeaseStore(cluster.Connection, TimeProvider.System);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
