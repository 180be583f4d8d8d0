using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Trading.Cluster;

/// <summary>Registers the trading engine's once-only work under the cluster's leases and partitions.</summary>
public static class ClusterTradingServiceCollectionExtensions
{
    /// <summary>
    /// Makes sure an <see cref="ILeaseHolder"/>, an <see cref="IPartitionOwnership"/> and an <see cref="IInstanceRegistry"/> are registered: a host that called
    /// <see cref="ClusterServiceCollectionExtensions.AddCluster"/> has them (before or after this); one that did not (a tool,
    /// a test composition) runs alone, holding every lease and partition.
    /// </summary>
    public static IServiceCollection AddClusterDefaults(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ILeaseHolder>(_ => new SingleLeaseHolder(new ClusterOptions().EffectiveInstanceId()));
        services.TryAddSingleton<IPartitionOwnership>(_ => new AllPartitionsOwned());
        services.TryAddSingleton<IInstanceRegistry>(sp => new SingleInstanceRegistry(
            sp.GetRequiredService<ILeaseHolder>().InstanceId, null, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    /// <summary>Registers <typeparamref name="TService"/> as a singleton, run by the supervisor only while this instance holds the lease of <paramref name="job"/> (<see cref="ClusterJobs"/>).</summary>
    public static IServiceCollection AddLeasedService<TService>(this IServiceCollection services, string job)
        where TService : class, ISupervisedService
    {
        ArgumentNullException.ThrowIfNull(services);
        _ = LeaseName.Job(job);
        services.AddClusterDefaults();
        services.AddSingleton<TService>();
        services.AddSupervisedService(sp => new LeasedService(
            sp.GetRequiredService<TService>(), job, sp.GetRequiredService<ILeaseHolder>(), sp.GetRequiredService<ILogger<LeasedService>>()));
        return services;
    }
}
