using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Storage;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.Trading.Tests;

/// <summary>The trading store follows the price storage's rule: Redis when <c>Redis:Configuration</c> is set, in-memory otherwise; nothing connects.</summary>
public sealed class TradingServiceCollectionExtensionsUnitTests
{
    [Fact]
    public void Without_a_redis_configuration_the_store_is_the_in_memory_one()
    {
        using var provider = Build(new Dictionary<string, string?>());

        Assert.IsType<InMemoryTradingStore>(provider.GetRequiredService<ITradingStore>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_redis_configuration_is_no_configuration(string blank)
    {
        using var provider = Build(new Dictionary<string, string?> { ["Redis:Configuration"] = blank });

        Assert.IsType<InMemoryTradingStore>(provider.GetRequiredService<ITradingStore>());
    }

    [Fact]
    public void With_a_redis_configuration_the_store_is_redis_on_the_processs_one_connection_and_nothing_connects()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Redis:Configuration"] = "127.0.0.1:1" });

        var store = provider.GetRequiredService<ITradingStore>();

        Assert.IsType<RedisTradingStore>(store);
        Assert.Same(store, provider.GetRequiredService<ITradingStore>());
        Assert.Null(provider.GetRequiredService<Tickwatch.Storage.Redis.RedisConnection>().Multiplexer);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        Assert.Empty(services.AddTickwatchStorage(configuration));
        services.AddTradingStore(configuration);
        return services.BuildServiceProvider();
    }
}
