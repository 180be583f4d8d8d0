using System.Diagnostics.Metrics;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Pricing;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.ProviderLink;
using static Tickwatch.Market.Metrics.MetricTags;

namespace Tickwatch.Market.Metrics;

/// <summary>Leased mode's cluster as instruments (<see cref="ClusterMetricNames"/>), read from the <see cref="ClusterWatch"/>'s last look, never from the store at a scrape.</summary>
internal static class ClusterInstruments
{
    private const string Lease = ClusterMetricNames.LeaseTag;

    // Both roles are always reported, so an alert on the market instances sees 0 rather than no series.
    private static readonly string[] Roles = [InstanceRecord.MarketRole, InstanceRecord.GatewayRole];

    public static void Register(
        Meter meter,
        ClusterWatch watch,
        PriceStoreWriter writer,
        FeedListenerSet feeds,
        PriceReplicator? replicator = null,
        ClusterProviderLink? relay = null,
        ProviderRelayConsumer? relayConsumer = null)
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
        if (replicator is not null)
        {
            meter.CreateObservableCounter(
                ClusterMetricNames.PriceReplicated,
                () => replicator.Taken,
                "{price}",
                "Prices another instance wrote that this instance's book took (newer than what it held).");
        }

        if (relay is not null)
        {
            meter.CreateObservableCounter(
                ClusterMetricNames.ProviderRelayFrames,
                () => RelayFrames(relay, relayConsumer),
                "{frame}",
                "Provider requests through provider_relay: relayed, failed or refused on the instance without the link; forwarded, left to the next reload or malformed on its holder.");
        }
    }

    // Every outcome from the start, so increase() sees the first of each.
    private static IEnumerable<Measurement<long>> RelayFrames(ClusterProviderLink relay, ProviderRelayConsumer? consumer)
    {
        const string Outcome = ClusterMetricNames.OutcomeTag;
        yield return Count(relay.Relayed, Outcome, "relayed");
        yield return Count(relay.RelayFailures, Outcome, "failed");
        yield return Count(relay.RefusedNoHolder, Outcome, "refused_no_holder");
        yield return Count(relay.RefusedQueueFull, Outcome, "refused_queue_full");
        if (consumer is not null)
        {
            yield return Count(consumer.Forwarded, Outcome, "forwarded");
            yield return Count(consumer.LeftToReload, Outcome, "left_to_reload");
            yield return Count(consumer.Malformed, Outcome, "malformed");
        }
    }

    private static IEnumerable<LeaseState> Leases(ClusterWatch watch) => watch.Last?.Leases ?? [];

    private static bool IsMine(ClusterWatch watch, LeaseState lease) => string.Equals(lease.Holder, watch.Last?.InstanceId, StringComparison.Ordinal);
}
