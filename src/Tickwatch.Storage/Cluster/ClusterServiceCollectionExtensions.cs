using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Redis;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Storage.Cluster;

/// <summary>Registers how this instance shares the store with others: its lease holder, partition ownership, registry and status.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Binds and checks section <c>Cluster</c> and registers <see cref="ILeaseHolder"/>, <see cref="IPartitionOwnership"/>,
    /// <see cref="IInstanceRegistry"/> and <see cref="IClusterStatus"/>: in single mode implementations that hold
    /// everything and touch no store, so the service behaves exactly as it does alone. Call after
    /// <see cref="StorageServiceCollectionExtensions.AddTickwatchStorage"/>.
    /// </summary>
    /// <returns>The options and every problem found, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<ClusterOptions> AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var publishPriceChannels = configuration.GetValue(RedisStoreOptions.SectionName + ":" + nameof(RedisStoreOptions.PublishPriceChannels), true);

        // A host that supplies its own lease store (instances of one process on one in-memory store) needs no Redis.
        var sharedLeases = StorageServiceCollectionExtensions.IsCluster(configuration) || services.Any(d => d.ServiceType == typeof(ILeaseStore));
        var bound = services.AddBoundOptions(
            configuration,
            ClusterOptions.SectionName,
            new ClusterOptionsValidator(sharedLeases, publishPriceChannels));
        var options = bound.Value;
        services.TryAddSingleton(TimeProvider.System);
        if (options.Mode == ClusterMode.Leased)
        {
            services.TryAddSingleton<ILeaseStore>(sp => new RedisLeaseStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<IInstanceDirectory>(sp => new RedisInstanceDirectory(sp.GetRequiredService<RedisConnection>()));
            services.AddSingleton(sp => new LeasedPartitionOwnership(
                sp.GetRequiredService<ILeaseStore>(),
                sp.GetRequiredService<IInstanceDirectory>(),
                Options.Create(options),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<LeasedPartitionOwnership>>(),
                sp.GetService<StoreErrorLog>()));
            services.AddSingleton<IPartitionOwnership>(sp => sp.GetRequiredService<LeasedPartitionOwnership>());
            services.AddSupervisedService(sp => sp.GetRequiredService<LeasedPartitionOwnership>());
            services.AddSingleton(sp => new ClusterCoordinator(
                sp.GetRequiredService<ILeaseStore>(),
                sp.GetRequiredService<IInstanceDirectory>(),
                Options.Create(options),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<ClusterCoordinator>>(),
                sp.GetService<StoreErrorLog>(),
                sp.GetRequiredService<IPartitionOwnership>(),
                sp.GetService<IProviderConnectionState>()));
            services.AddSingleton<ILeaseHolder>(sp => sp.GetRequiredService<ClusterCoordinator>());
            services.AddSingleton<ILeaseFloor>(sp => sp.GetRequiredService<ClusterCoordinator>());
            services.AddSingleton<IInstanceRegistry>(sp => sp.GetRequiredService<ClusterCoordinator>());
            services.AddSupervisedService(sp => sp.GetRequiredService<ClusterCoordinator>());
            services.AddSingleton<IPriceWriteFence>(sp => new LeasedPriceWriteFence(
                sp.GetRequiredService<ClusterCoordinator>(),
                sp.GetRequiredService<ClusterCoordinator>()));

            services.AddSingleton<IClusterStatus>(sp => new ClusterStatus(
                sp.GetRequiredService<ClusterCoordinator>(),
                sp.GetRequiredService<ILeaseStore>(),
                sp.GetRequiredService<IPartitionOwnership>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<PriceStoreWriter>()));
            return bound;
        }

        services.AddSingleton<ILeaseHolder>(new SingleLeaseHolder(options.EffectiveInstanceId()));
        services.AddSingleton<IPartitionOwnership>(new AllPartitionsOwned());
        services.AddSingleton<IInstanceRegistry>(sp => new SingleInstanceRegistry(
            options.EffectiveInstanceId(),
            options.AdvertisedUrl,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IClusterStatus, SingleClusterStatus>();
        return bound;
    }
}
