using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Storage;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Orders.Redis;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Portfolio.Redis;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Seed;
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

    [Theory]
    [InlineData(null)]
    [InlineData("127.0.0.1:1")]
    public void The_order_announcements_and_the_portfolio_store_alone_follow_the_same_rule_for_a_reading_host(string? redis)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Redis:Configuration"] = redis }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        Assert.Empty(services.AddTickwatchStorage(configuration));
        services.AddOrderAnnouncements(configuration).AddPortfolioStore(configuration);
        using var provider = services.BuildServiceProvider();

        var announcements = provider.GetRequiredService<IOrderAnnouncements>();
        var portfolios = provider.GetRequiredService<IPortfolioStore>();

        Assert.Equal(redis is null ? typeof(InMemoryOrderAnnouncements) : typeof(RedisOrderAnnouncements), announcements.GetType());
        Assert.Equal(redis is null ? typeof(InMemoryPortfolioStore) : typeof(RedisPortfolioStore), portfolios.GetType());
        Assert.Null(provider.GetService<Tickwatch.Storage.Redis.RedisConnection>()?.Multiplexer);
    }

    [Fact]
    public void The_engine_announces_its_orders_first_among_its_observers()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddLogging();
        Assert.Empty(services.AddTickwatchStorage(configuration));
        Assert.Empty(services.AddTradingEngine(configuration));
        services.AddPortfolioCalculator(configuration);

        var observers = services.Where(d => d.ServiceType == typeof(IOrderObserver)).ToList();

        Assert.Equal(2, observers.Count);
        Assert.Equal(typeof(OrderAnnouncer), observers[0].ImplementationFactory!.Method.ReturnType);
    }

    [Fact]
    public void Alone_the_engine_sends_on_the_connection_manager_and_nothing_relays()
    {
        var services = Composition(new Dictionary<string, string?>());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<ProviderConnectionManager>(provider.GetRequiredService<IProviderLink>());
        Assert.Same(provider.GetRequiredService<ProviderConnectionManager>(), provider.GetRequiredService<IProviderConnectionState>());
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IProviderRelayStream) || d.ServiceType == typeof(ClusterProviderLink) || d.ServiceType == typeof(ProviderRelayConsumer));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IClusterSeedMark));
    }

    [Fact]
    public void In_a_leased_cluster_the_engine_sends_on_the_cluster_link_over_the_connection_manager_and_the_holder_runs_the_relay_consumer()
    {
        var services = Composition(new Dictionary<string, string?> { ["Cluster:Mode"] = "Leased" });
        using var provider = services.BuildServiceProvider();

        Assert.IsType<ClusterProviderLink>(provider.GetRequiredService<IProviderLink>());
        Assert.IsType<InMemoryProviderRelayStream>(provider.GetRequiredService<IProviderRelayStream>());
        Assert.IsType<InMemoryClusterSeedMark>(provider.GetRequiredService<IClusterSeedMark>());
        Assert.NotNull(provider.GetRequiredService<ProviderRelayConsumer>());
        Assert.Same(provider.GetRequiredService<ProviderConnectionManager>(), provider.GetRequiredService<IProviderConnectionState>());
    }

    private static ServiceCollection Composition(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        Assert.Empty(services.AddTickwatchStorage(configuration));
        Assert.Empty(services.AddTradingEngine(configuration));
        Assert.Empty(services.AddProviderLink(configuration));
        return services;
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
