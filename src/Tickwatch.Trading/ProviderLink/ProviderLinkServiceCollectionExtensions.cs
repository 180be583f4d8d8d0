using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Engine;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>Registers the provider link in a host's services.</summary>
public static class ProviderLinkServiceCollectionExtensions
{
    /// <summary>
    /// The <c>ProviderLink</c> options, the <see cref="ProviderConnectionManager"/> as the engine's <see cref="IProviderLink"/>,
    /// its <see cref="ProviderConnectionService"/> and the <see cref="ProviderPendingMonitorService"/>, started where this is called in the supervisor's order (disabled,
    /// it only says so). In a leased cluster (<c>Cluster:Mode=Leased</c>) the engine's link is the
    /// <see cref="ClusterProviderLink"/> (requests of an instance without the link go to the holder on
    /// <c>provider_relay</c>) and the holder runs the <see cref="ProviderRelayConsumer"/>. Needs the trading engine
    /// registered. Nothing connects here.
    /// </summary>
    /// <returns>Every problem of the <c>ProviderLink</c> section.</returns>
    public static IReadOnlyList<string> AddProviderLink(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var bound = services.AddBoundOptions(
            configuration, ProviderLinkOptions.Section, new DataAnnotationsValidator<ProviderLinkOptions>(ProviderLinkOptions.Section), new ProviderLinkOptionsValidator());
        var leased = configuration.GetValue(ClusterOptions.SectionName + ":" + nameof(ClusterOptions.Mode), ClusterMode.Single) == ClusterMode.Leased;
        services.TryAddSingleton<ProviderConnectionManager>();
        if (leased)
        {
            services.AddClusterDefaults();
            services.TryAddSingleton<IProviderRelayStream>(sp => StorageServiceCollectionExtensions.IsCluster(configuration)
                ? new RedisProviderRelayStream(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>())
                : new InMemoryProviderRelayStream(sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton(sp => new ClusterProviderLink(
                sp.GetRequiredService<ProviderConnectionManager>(),
                sp.GetRequiredService<ILeaseHolder>(),
                sp.GetRequiredService<IInstanceRegistry>(),
                sp.GetRequiredService<IProviderRelayStream>(),
                sp.GetRequiredService<IOptions<ProviderLinkOptions>>(),
                sp.GetService<IOptions<ClusterOptions>>() ?? Options.Create(new ClusterOptions { Mode = ClusterMode.Leased }),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ClusterProviderLink>>()));
            services.TryAddSingleton<IProviderLink>(sp => sp.GetRequiredService<ClusterProviderLink>());
            services.AddSupervisedService(sp => sp.GetRequiredService<ClusterProviderLink>());
        }

        services.TryAddSingleton<IProviderLink>(sp => sp.GetRequiredService<ProviderConnectionManager>());

        // The heartbeat says whether this instance's own link is connected (Leased mode reads it; Single mode writes no heartbeat).
        services.TryAddSingleton<IProviderConnectionState>(sp => sp.GetRequiredService<ProviderConnectionManager>());
        services.AddLeasedService<ProviderConnectionService>(ClusterJobs.Provider);
        if (leased)
        {
            // On the holder, after the link: the requests other instances relayed, from the id noted before each reload.
            services.AddLeasedService<ProviderRelayConsumer>(ClusterJobs.Provider);
        }

        // In a cluster the link and the monitor run on the one holder of the provider job (its cancels need the link).
        // The pending monitor hears committed orders (not the engine in its constructor: the engine hears it) and starts right after the link.
        services.TryAddSingleton<ProviderPendingMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOrderObserver, ProviderPendingMonitor>(sp => sp.GetRequiredService<ProviderPendingMonitor>()));
        services.AddLeasedService<ProviderPendingMonitorService>(ClusterJobs.Provider);
        return bound.Errors;
    }
}
