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

public sealed class StorageRegistrationUnitTests
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
    public void Invalid_settings_are_all_reported_by_the_registration_and_the_options_are_read_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:7101",
            ["Redis:SyncTimeout"] = "00:00:00",
            ["StoreWriter:MaxBatchSize"] = "0",
            ["StoreWriter:RetryInitialDelay"] = "00:00:00",
        }).Build();
        var collection = new ServiceCollection();

        var errors = collection.AddTickwatchStorage(configuration);

        Assert.Single(errors, e => e.StartsWith("Redis:", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count(e => e.StartsWith("StoreWriter", StringComparison.Ordinal)));
        using var services = collection.BuildServiceProvider();
        Assert.Equal(TimeSpan.Zero, services.GetRequiredService<IOptions<RedisStoreOptions>>().Value.SyncTimeout);
        Assert.Same(services.GetRequiredService<IOptions<PriceStoreWriterOptions>>().Value, services.GetRequiredService<IOptionsMonitor<PriceStoreWriterOptions>>().CurrentValue);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        Assert.Empty(services.AddTickwatchStorage(configuration));
        return services.BuildServiceProvider();
    }
}
