using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
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
