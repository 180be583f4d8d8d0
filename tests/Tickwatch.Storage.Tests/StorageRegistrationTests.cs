using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Storage.Diagnostics;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage.Tests;

public sealed class StorageRegistrationTests
{
    [Fact]
    public async Task Without_a_cluster_configured_everything_is_in_memory_and_the_report_says_so()
    {
        await using var services = Build([]);

        Assert.IsType<InMemoryPriceStore>(services.GetRequiredService<IPriceStore>());
        Assert.IsType<InMemoryStoreHealth>(services.GetRequiredService<IStoreHealth>());
        Assert.Same(services.GetRequiredService<IPriceAnnouncer>(), services.GetRequiredService<IPriceAnnouncementSubscriber>());
        Assert.NotNull(services.GetRequiredService<PriceWarmup>());
        Assert.Null(services.GetService<RedisConnection>());
        Assert.Equal(StoreKind.InMemory, services.GetRequiredService<PriceStoreWriter>().StoreKind);

        var report = await services.GetRequiredService<RedisClusterDiagnostics>().GetReportAsync(default);

        Assert.Equal("in_memory", report.Store);
        Assert.Equal("not_applicable", report.ClusterHealth.ClusterState);
        Assert.Null(report.ClusterHealth.PingSuccess);
        Assert.Null(report.ClusterHealth.SlotsAssigned);
        Assert.Empty(report.Nodes);
        Assert.Null(report.ConnectionPool);
        Assert.NotNull(report.Performance);
        Assert.Contains("in-memory", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_cluster_configured_the_redis_store_is_registered_without_connecting()
    {
        // Nothing listens on port 1: resolving must not try to connect.
        using var services = Build(new() { ["Redis:Configuration"] = "127.0.0.1:1,127.0.0.1:2" });

        Assert.IsType<RedisPriceStore>(services.GetRequiredService<IPriceStore>());
        Assert.IsType<RedisStoreHealth>(services.GetRequiredService<IStoreHealth>());
        Assert.IsType<RedisPriceAnnouncer>(services.GetRequiredService<IPriceAnnouncer>());
        Assert.IsType<RedisPriceAnnouncementSubscriber>(services.GetRequiredService<IPriceAnnouncementSubscriber>());
        Assert.Equal(StoreKind.RedisCluster, services.GetRequiredService<RedisClusterDiagnostics>().Kind);
        Assert.Null(services.GetRequiredService<RedisConnection>().Multiplexer);
    }

    [Fact]
    public void Invalid_settings_are_all_reported_when_the_options_are_first_read()
    {
        using var services = Build(new()
        {
            ["Redis:Configuration"] = "127.0.0.1:7101",
            ["Redis:SyncTimeout"] = "00:00:00",
            ["StoreWriter:MaxBatchSize"] = "0",
            ["StoreWriter:RetryInitialDelay"] = "00:00:00",
        });

        var redis = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RedisStoreOptions>>().Value);
        var writer = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PriceStoreWriterOptions>>().Value);

        Assert.Single(redis.Failures);
        Assert.Equal(2, writer.Failures.Count());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddTickwatchStorage(configuration).BuildServiceProvider();
    }
}
