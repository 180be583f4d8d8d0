using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;
using Tickwatch.Storage;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Orders.Redis;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.Trading;

/// <summary>Registers the trading engine's parts in a host's services.</summary>
public static class TradingServiceCollectionExtensions
{
    /// <summary>
    /// The engine with its store and the <c>Trading</c> options; the seed is applied at start (retried while the store is
    /// down). Observers (<see cref="IOrderObserver"/>) registered anywhere are told of
    /// every committed order; the first is the <see cref="OrderAnnouncer"/>, which announces each on <c>order_updates</c>.
    /// </summary>
    /// <returns>Every problem of the <c>Trading</c> section, for the host's <see cref="OptionsErrors"/>.</returns>
    public static IReadOnlyList<string> AddTradingEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new OptionsErrors();
        var options = errors.Take(services.AddBoundOptions(configuration, TradingOptions.Section, new DataAnnotationsValidator<TradingOptions>(TradingOptions.Section)));
        if (options.SeedFile is { Length: > 0 } seedFile && !File.Exists(seedFile))
        {
            errors.Take([$"{TradingOptions.Section}:{nameof(TradingOptions.SeedFile)}: {seedFile} does not exist."]);
        }

        errors.Take(services.AddBoundOptions(
            configuration, OrderEventsOptions.SectionName, new DataAnnotationsValidator<OrderEventsOptions>(OrderEventsOptions.SectionName)));
        services.AddTradingStore(configuration);
        services.AddOrderAnnouncements(configuration);
        services.TryAddSingleton<OrderAnnouncer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOrderObserver, OrderAnnouncer>(sp => sp.GetRequiredService<OrderAnnouncer>()));
        services.TryAddSingleton<TradingStatistics>();
        services.TryAddSingleton<TradingEngine>();

        // In a leased cluster the restore and the seed run once for the cluster: cluster:seed_done says they did.
        if (configuration.GetValue(ClusterOptions.SectionName + ":" + nameof(ClusterOptions.Mode), ClusterMode.Single) == ClusterMode.Leased)
        {
            services.TryAddSingleton<IClusterSeedMark>(sp => StorageServiceCollectionExtensions.IsCluster(configuration)
                ? new RedisClusterSeedMark(sp.GetRequiredService<RedisConnection>())
                : new InMemoryClusterSeedMark());
        }

        services.AddHostedService<TradingSeedService>();
        return errors.All;
    }

    /// <summary>
    /// The trading store: on the Redis Cluster when <c>Redis:Configuration</c> is set (the price storage's rule,
    /// <see cref="StorageServiceCollectionExtensions.IsCluster"/>), on the process's one <see cref="RedisConnection"/>
    /// that <see cref="StorageServiceCollectionExtensions.AddTickwatchStorage"/> registers; the in-memory store otherwise.
    /// The same store is the ledger's <see cref="ITradingOutbox"/>.
    /// Nothing connects here.
    /// </summary>
    public static IServiceCollection AddTradingStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StorageServiceCollectionExtensions.IsCluster(configuration))
        {
            services.TryAddSingleton(sp => new RedisTradingStore(sp.GetRequiredService<RedisConnection>(), sp.GetService<TimeProvider>(), OrderEventsRetained(sp)));
            services.TryAddSingleton<ITradingStore>(sp => sp.GetRequiredService<RedisTradingStore>());
            services.TryAddSingleton<ITradingOutbox>(sp => sp.GetRequiredService<RedisTradingStore>());
        }
        else
        {
            services.TryAddSingleton(sp => new InMemoryTradingStore(sp.GetService<TimeProvider>(), OrderEventsRetained(sp)));
            services.TryAddSingleton<ITradingStore>(sp => sp.GetRequiredService<InMemoryTradingStore>());
            services.TryAddSingleton<ITradingOutbox>(sp => sp.GetRequiredService<InMemoryTradingStore>());
        }

        return services;
    }

    /// <summary>
    /// The order announcements on <c>order_updates</c> and the accounts' order events (<see cref="IOrderEventStream"/>): on
    /// the Redis Cluster when <c>Redis:Configuration</c> is set (the trading store's rule), on the process's one
    /// <see cref="RedisConnection"/>; in process otherwise (the events of the process's in-memory trading store, or none
    /// in a process without one, whose readers are then told to reload). The market service publishes on them, a gateway
    /// hears and reads them. Nothing connects here.
    /// </summary>
    public static IServiceCollection AddOrderAnnouncements(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StorageServiceCollectionExtensions.IsCluster(configuration))
        {
            services.TryAddSingleton<IOrderAnnouncements>(sp => new RedisOrderAnnouncements(sp.GetRequiredService<RedisConnection>()));
            services.TryAddSingleton<IOrderEventStream>(sp => new RedisOrderEventStream(sp.GetRequiredService<RedisConnection>()));
        }
        else
        {
            services.TryAddSingleton<IOrderAnnouncements, InMemoryOrderAnnouncements>();
            services.TryAddSingleton<IOrderEventStream>(sp => sp.GetService<InMemoryTradingStore>() ?? new InMemoryTradingStore(sp.GetService<TimeProvider>()));
        }

        return services;
    }

    private static int OrderEventsRetained(IServiceProvider services) =>
        services.GetService<IOptions<OrderEventsOptions>>()?.Value.Retain ?? OrderEventsOptions.DefaultRetain;
}
