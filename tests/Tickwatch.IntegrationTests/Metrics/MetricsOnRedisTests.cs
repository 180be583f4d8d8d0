using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.IntegrationTests.Metrics;

/// <summary><c>/metrics</c> of a market service that writes its prices to the loopback Redis Cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class MetricsOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_store_metrics_show_the_cluster_connected_probed_and_written_to()
    {
        await using var system = await RunningSystem.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = cluster.Cluster.Seeds,
            ["Health:Interval"] = "00:00:00.200",
        });

        var metrics = await Eventually.ValueAsync(
            async () => PrometheusExposition.Parse(await system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative))),
            m => m.Series("tickwatch_store_up").Any()
                && m.Single("tickwatch_store_writes_total", ("outcome", "written")).Value > 0
                && !double.IsNaN(m.Single("tickwatch_store_write_latency_seconds", ("stage", "round_trip"), ("percentile", "p50")).Value),
            "the store has been probed and prices written");

        Assert.Equal(1, metrics.Single("tickwatch_redis_connected").Value);
        Assert.Equal(1, metrics.Single("tickwatch_store_up").Value);
        Assert.InRange(metrics.Single("tickwatch_store_ping_seconds").Value, double.Epsilon, 1);
        Assert.InRange(metrics.Single("tickwatch_store_write_latency_seconds", ("stage", "round_trip"), ("percentile", "p50")).Value, double.Epsilon, 1);
        Assert.Equal(0, metrics.Single("tickwatch_store_consecutive_failed_batches").Value);
        Assert.Equal(0, metrics.Single("tickwatch_redis_connection_failures_total").Value);

        // A healthy cluster's slot map is right: nothing was sent again one per call.
        Assert.Equal(0, metrics.Single("tickwatch_store_cross_node_resends_total", ("call", "write")).Value);
        Assert.Equal(0, metrics.Single("tickwatch_store_cross_node_resends_total", ("call", "seal")).Value);
    }
}
