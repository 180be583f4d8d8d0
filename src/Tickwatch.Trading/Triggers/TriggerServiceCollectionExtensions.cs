using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Triggers;

/// <summary>Registers the triggers: their index, the monitor the price book and the engine tell, and the supervised service that fires them.</summary>
public static class TriggerServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Triggers</c> options; the trigger index (on the Redis Cluster when <c>Redis:Configuration</c> is set, on the
    /// process's one <see cref="RedisConnection"/>, in memory otherwise); <see cref="TriggerMonitor"/> as an
    /// <see cref="IQuoteListener"/> and an <see cref="IOrderObserver"/>; and <see cref="TriggerService"/> as a supervised
    /// service, started where this is called in the supervisor's order. The host registers the <see cref="TradingEngine"/>
    /// (built with the registered observers), the <c>ITradingStore</c> and the price book (built with the listeners).
    /// </summary>
    /// <returns>The options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<TriggerOptions> AddTriggers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddBoundOptions(configuration, TriggerOptions.Section, new DataAnnotationsValidator<TriggerOptions>(TriggerOptions.Section));
        if (StorageServiceCollectionExtensions.IsCluster(configuration))
        {
            services.TryAddSingleton<ITriggerIndex>(sp => new RedisTriggerIndex(sp.GetRequiredService<RedisConnection>()));
        }
        else
        {
            services.TryAddSingleton<ITriggerIndex, InMemoryTriggerIndex>();
        }

        services.TryAddSingleton<TriggerMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IQuoteListener, TriggerMonitor>(sp => sp.GetRequiredService<TriggerMonitor>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOrderObserver, TriggerMonitor>(sp => sp.GetRequiredService<TriggerMonitor>()));
        // In a cluster the service also hears orders committed on other instances (its monitor hears only this one's engine).
        services.TryAddSingleton(sp => new TriggerService(
            sp.GetRequiredService<TriggerMonitor>(),
            sp.GetRequiredService<TradingEngine>(),
            sp.GetRequiredService<ITradingStore>(),
            sp.GetRequiredService<ITriggerIndex>(),
            sp.GetRequiredService<IOptions<TriggerOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TriggerService>>(),
            sp.GetService<ILeaseHolder>() is { Mode: ClusterMode.Leased } ? sp.GetRequiredService<IOrderAnnouncements>() : null,
            sp.GetService<IOptions<ClusterOptions>>()));
        services.AddSupervisedService(sp => sp.GetRequiredService<TriggerService>());
        return options;
    }
}
