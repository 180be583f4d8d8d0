using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Listening;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Pricing;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Market.Cluster;

/// <summary>The market service's part of cluster mode: each feed under its lease, and the book replicated from the other instances' writes.</summary>
public static class ClusterMarketServiceCollectionExtensions
{
    /// <summary>Registers <see cref="FeedRoles"/>, and in leased mode the <see cref="PriceReplicator"/> and the <see cref="ClusterWatch"/>. Call after the store writer's service.</summary>
    public static IServiceCollection AddClusterMarket(this IServiceCollection services, ClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(cluster);
        services.TryAddSingleton(sp => new FeedRoles(sp.GetRequiredService<ILeaseHolder>(), sp.GetService<ILeaseStore>()));
        if (cluster.Mode == ClusterMode.Leased)
        {
            services.AddSupervisedService<PriceReplicator>();

            // The metrics read the cluster from the watch's last look: a scrape never waits on the lease store.
            services.AddSupervisedService<ClusterWatch>();
        }

        services.TryAddSingleton<TakeoverTimings>();

        return services;
    }

    /// <summary>The feed's takeover in leased mode (the listener runs only under the feed's lease); null in single mode.</summary>
    public static FeedTakeover? FeedTakeoverFor(IServiceProvider services, ClusterOptions cluster, FeedListener listener, FeedOptions feed)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(feed);
        if (cluster.Mode != ClusterMode.Leased)
        {
            return null;
        }

        var book = services.GetRequiredService<PriceBook>();

        // The symbols the feed may quote: its map's book symbols, or every listed symbol for a feed without a map.
        IReadOnlyList<string> symbols = feed.Symbols.Count > 0
            ? [.. feed.Symbols.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
            : [.. book.Symbols.All.Select(s => s.Symbol).Order(StringComparer.Ordinal)];
        return new FeedTakeover(
            listener,
            symbols,
            services.GetRequiredService<ILeaseHolder>(),
            services.GetService<ILeaseStore>(),
            services.GetRequiredService<IPriceFenceStore>(),
            services.GetRequiredService<IPriceStore>(),
            book,
            services.GetRequiredService<ILogger<FeedTakeover>>(),
            services.GetService<ILeaseFloor>(),
            services.GetService<TakeoverTimings>(),
            services.GetService<TimeProvider>());
    }
}
