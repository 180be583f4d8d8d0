using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tickwatch.Hosting.Options;
using Tickwatch.Storage.Redis;

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
        var bound = services.AddBoundOptions(
            configuration,
            ClusterOptions.SectionName,
            new ClusterOptionsValidator(StorageServiceCollectionExtensions.IsCluster(configuration), publishPriceChannels));
        var options = bound.Value;
        services.TryAddSingleton(TimeProvider.System);
        if (options.Mode == ClusterMode.Leased)
        {
            return bound with { Errors = [.. bound.Errors, "Cluster:Mode Leased is not available in this build; use Single."] };
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
