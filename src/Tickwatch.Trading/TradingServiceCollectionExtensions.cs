using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;

namespace Tickwatch.Trading;

/// <summary>Registers the trading engine's parts in a host's services.</summary>
public static class TradingServiceCollectionExtensions
{
    /// <summary>
    /// The trading store: on the Redis Cluster when <c>Redis:Configuration</c> is set (the price storage's rule,
    /// <see cref="StorageServiceCollectionExtensions.IsCluster"/>), on the process's one <see cref="RedisConnection"/>
    /// that <see cref="StorageServiceCollectionExtensions.AddTickwatchStorage"/> registers; the in-memory store otherwise.
    /// Nothing connects here.
    /// </summary>
    public static IServiceCollection AddTradingStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StorageServiceCollectionExtensions.IsCluster(configuration))
        {
            services.TryAddSingleton(sp => new RedisTradingStore(sp.GetRequiredService<RedisConnection>()));
            services.TryAddSingleton<ITradingStore>(sp => sp.GetRequiredService<RedisTradingStore>());
        }
        else
        {
            services.TryAddSingleton<InMemoryTradingStore>();
            services.TryAddSingleton<ITradingStore>(sp => sp.GetRequiredService<InMemoryTradingStore>());
        }

        return services;
    }
}
