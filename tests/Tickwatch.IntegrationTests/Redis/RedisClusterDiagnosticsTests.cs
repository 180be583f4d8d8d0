using Tickwatch.Storage.Diagnostics;
using Tickwatch.Storage.Redis;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>The <c>/api/debug/redis-cluster</c> report of a healthy cluster, read from the real nodes.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterDiagnosticsTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_healthy_cluster_shows_every_node_its_slots_and_its_replication()
    {
        var diagnostics = new RedisClusterDiagnostics(TimeProvider.System, cluster.Errors, null, cluster.Connection, new RedisPriceStore(cluster.Connection, TimeProvider.System));

        // Replicas finish their first sync shortly after the cluster says ok.
        var report = await Testing.Eventually.ValueAsync(
            () => diagnostics.GetReportAsync(default),
            r => r.Nodes.Count == 6 && r.Nodes.Count(n => n.Role == "replica" && n.MasterLinkStatus == "up") == 3,
            "every replica is in sync");

        Assert.Equal("redis_cluster", report.Store);
        Assert.Equal(cluster.Cluster.Seeds, report.Configuration);
        var health = report.ClusterHealth;
        Assert.Equal("ok", health.ClusterState);
        Assert.True(health.PingSuccess);
        Assert.NotNull(health.PingTimeMs);
        Assert.Equal(16384, health.SlotsAssigned);
        Assert.Equal(16384, health.SlotsOk);
        Assert.Equal(0, health.SlotsPfail);
        Assert.Equal(0, health.SlotsFail);
        Assert.Equal(6, health.KnownNodes);
        Assert.Equal(3, health.Size);

        var masters = report.Nodes.Where(n => n.Role == "master").ToList();
        Assert.Equal(3, masters.Count);
        Assert.Equal(16384, masters.Sum(m => m.Slots.Count));
        Assert.Contains(masters, m => m.Slots.Ranges.SequenceEqual(["0-5460"]) && m.Port == cluster.FirstPort);
        Assert.All(report.Nodes, n =>
        {
            Assert.True(n.Reachable, n.LastError);
            Assert.NotNull(n.PingMs);
            Assert.True(n.UsedMemory > 0);
            Assert.False(string.IsNullOrEmpty(n.UsedMemoryHuman));
            Assert.True(n.ConnectedClients > 0);
            Assert.Equal("connected", n.LinkState);
            Assert.Null(n.LastError);
        });
        Assert.All(report.Nodes.Where(n => n.Role == "replica"), r =>
        {
            Assert.Contains(masters, m => m.Id == r.MasterId);
            Assert.NotNull(r.ReplicationLagBytes);
            Assert.Equal(0, r.Slots.Count);
        });

        var pool = report.ConnectionPool!;
        Assert.Equal("connected", pool.Status);
        Assert.Equal(6, pool.ConnectedEndpoints.Count);
        Assert.Empty(pool.DisconnectedEndpoints);
        Assert.True(pool.Operations > 0);
        Assert.InRange(report.ReportMs, 0, 2000);
    }
}
