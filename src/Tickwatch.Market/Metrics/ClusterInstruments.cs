using System.Diagnostics.Metrics;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Feeds;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Writing;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>Leased mode's cluster as instruments (<see cref="ClusterMetricNames"/>), read from the <see cref="ClusterWatch"/>'s last look, never from the store at a scrape.</summary>
internal static class ClusterInstruments
{
    private const string Lease = ClusterMetricNames.LeaseTag;

    // Both roles are always reported, so an alert on the market instances sees 0 rather than no series.
    private static readonly string[] Roles = [InstanceRecord.MarketRole, InstanceRecord.GatewayRole];

    public static void Register(Meter meter, ClusterWatch watch, PriceStoreWriter writer, FeedListenerSet feeds)
    {
        meter.CreateObservableCounter(
            ClusterMetricNames.LeaseChanges,
            () => watch.Changes.Select(c => Count(c.Value, Lease, c.Key.Lease, ClusterMetricNames.ChangeTag, c.Key.Change)),
            "{change}",
            "Leases this instance acquired, lost or released.");
        meter.CreateObservableGauge(
            ClusterMetricNames.LeaseHeld,
            () => Leases(watch).Select(l => Flag(IsMine(watch, l), Lease, l.Name.ToString())),
            "{lease}",
            "1 while this instance holds the lease, 0 while another instance or none does.");
        meter.CreateObservableGauge(
            ClusterMetricNames.LeaseToken,
            () => Leases(watch).Where(l => IsMine(watch, l)).Select(l => new Measurement<long>(l.Token ?? 0, new KeyValuePair<string, object?>(Lease, l.Name.ToString()))),
            null,
            "The fence token of a lease this instance holds.");
        meter.CreateObservableGauge(
            ClusterMetricNames.PartitionsOwned,
            () => watch.Last is { } last ? [new Measurement<int>(last.OwnedPartitions.Count)] : Array.Empty<Measurement<int>>(),
            "{partition}",
            "Account partitions this instance owns.");
        meter.CreateObservableGauge(
            ClusterMetricNames.InstancesLive,
            () => watch.Last is { } last
                ? Roles.Select(r => new Measurement<int>(last.Instances.Count(i => i.Role == r), new KeyValuePair<string, object?>(ClusterMetricNames.RoleTag, r)))
                : [],
            "{instance}",
            "Live instances in the registry, by role.");
        meter.CreateObservableGauge(
            ClusterMetricNames.WorkOrphaned,
            () => watch.Last is { } last ? [new Measurement<int>(last.OrphanedWork)] : Array.Empty<Measurement<int>>(),
            "{lease}",
            "Feed, partition and job leases with no live holder, as this instance sees them.");

        // Every feed is reported from the start, so increase() sees the first refusal.
        meter.CreateObservableCounter(
            ClusterMetricNames.PriceWritesFenced,
            () =>
            {
                var refused = writer.RefusedFencedByFeed();
                return feeds.Listeners.Select(l => l.Name).Union(refused.Keys, StringComparer.Ordinal)
                    .Select(f => Count(refused.GetValueOrDefault(f), ClusterMetricNames.FeedTag, f));
            },
            "{write}",
            "Price writes of this instance refused by the feed's fence (another instance took the feed over).");
    }

    private static IEnumerable<LeaseState> Leases(ClusterWatch watch) => watch.Last?.Leases ?? [];

    private static bool IsMine(ClusterWatch watch, LeaseState lease) => string.Equals(lease.Holder, watch.Last?.InstanceId, StringComparison.Ordinal);
}
