using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Portfolio.Redis;

namespace Tickwatch.Trading.Portfolio;

/// <summary>Registers the portfolio calculator and its store in a host's services.</summary>
public static class PortfolioServiceCollectionExtensions
{
    /// <summary>
    /// The portfolio store (Redis Cluster when <c>Redis:Configuration</c> is set, as <see cref="TradingServiceCollectionExtensions.AddTradingStore"/>
    /// decides; in memory otherwise), the <see cref="PortfolioCalculator"/> as an <see cref="IOrderObserver"/> of the
    /// engine, and its <see cref="PortfolioCalculatorService"/>. The calculator adds itself to the price book when it is
    /// built (the book is built with its listeners, so it is not registered as one). Needs the trading store, the price
    /// book, <see cref="TradingOptions"/> and a <see cref="TimeProvider"/> registered. Nothing connects here.
    /// </summary>
    public static IServiceCollection AddPortfolioCalculator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPortfolioStore(configuration);
        services.TryAddSingleton<PortfolioCalculator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOrderObserver, PortfolioCalculator>(sp => sp.GetRequiredService<PortfolioCalculator>()));
        services.AddSupervisedService<PortfolioCalculatorService>();

        // In a leased cluster an order committed here on an account owned elsewhere is a hint to its owner's calculator.
        if (configuration.GetValue(ClusterOptions.SectionName + ":" + nameof(ClusterOptions.Mode), ClusterMode.Single) == ClusterMode.Leased)
        {
            services.AddClusterDefaults();
            services.TryAddSingleton<ClusterCommitHints>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IOrderObserver, ClusterCommitHints>(sp => sp.GetRequiredService<ClusterCommitHints>()));
            services.AddSupervisedService(sp => sp.GetRequiredService<ClusterCommitHints>());
        }

        return services;
    }

    /// <summary>
    /// The portfolio store alone, for a host that reads portfolios and hears <c>portfolio_updates</c> without computing them
    /// (the gateway): on the Redis Cluster when <c>Redis:Configuration</c> is set, on the process's one
    /// <see cref="RedisConnection"/>; in memory otherwise. Nothing connects here.
    /// </summary>
    public static IServiceCollection AddPortfolioStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StorageServiceCollectionExtensions.IsCluster(configuration))
        {
            services.TryAddSingleton(sp => new RedisPortfolioStore(sp.GetRequiredService<RedisConnection>()));
            services.TryAddSingleton<IPortfolioStore>(sp => sp.GetRequiredService<RedisPortfolioStore>());
        }
        else
        {
            services.TryAddSingleton<InMemoryPortfolioStore>();
            services.TryAddSingleton<IPortfolioStore>(sp => sp.GetRequiredService<InMemoryPortfolioStore>());
        }

        return services;
    }
}
