namespace Tickwatch.Storage.Cluster;

/// <summary>The cluster's OpenTelemetry instrument and tag names (meter <c>Tickwatch.Market</c>; Prometheus replaces dots with underscores).</summary>
public static class ClusterMetricNames
{
    /// <summary>Counter: leases acquired, lost and released (tags <see cref="LeaseTag"/>, <see cref="ChangeTag"/>).</summary>
    public const string LeaseChanges = "tickwatch.cluster.lease.changes";

    /// <summary>Gauge 0/1: whether this instance holds the lease (tag <see cref="LeaseTag"/>).</summary>
    public const string LeaseHeld = "tickwatch.cluster.lease.held";

    /// <summary>Gauge: the fence token of a lease this instance holds (tag <see cref="LeaseTag"/>).</summary>
    public const string LeaseToken = "tickwatch.cluster.lease.token";

    /// <summary>Gauge: account partitions this instance owns.</summary>
    public const string PartitionsOwned = "tickwatch.cluster.partitions.owned";

    /// <summary>Gauge: live instances (tag <see cref="RoleTag"/>).</summary>
    public const string InstancesLive = "tickwatch.cluster.instances.live";

    /// <summary>Gauge: feed, partition and job leases with no live holder, as this instance sees them.</summary>
    public const string WorkOrphaned = "tickwatch.cluster.work.orphaned";

    /// <summary>Histogram, seconds: from a lease's acquisition to its work running (tag <see cref="LeaseTag"/>).</summary>
    public const string TakeoverDuration = "tickwatch.cluster.takeover.duration";

    /// <summary>Counter: price writes refused by the feed's fence (tag <see cref="FeedTag"/>).</summary>
    public const string PriceWritesFenced = "tickwatch.cluster.price.writes.fenced";

    /// <summary>Counter: prices taken into the book from another instance's writes.</summary>
    public const string PriceReplicated = "tickwatch.cluster.price.replicated";

    /// <summary>Counter: provider frames relayed by non-holders (tag <see cref="OutcomeTag"/>).</summary>
    public const string ProviderRelayFrames = "tickwatch.cluster.provider.relay.frames";

    /// <summary>Tag: the lease's name (<c>feed:binary</c>).</summary>
    public const string LeaseTag = "lease";

    /// <summary>Tag: <c>acquired</c>, <c>lost</c> or <c>released</c>.</summary>
    public const string ChangeTag = "change";

    /// <summary>Tag: <c>market</c> or <c>gateway</c>.</summary>
    public const string RoleTag = "role";

    /// <summary>Tag: the feed's name.</summary>
    public const string FeedTag = "feed";

    /// <summary>Tag: what became of a relayed frame.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Value of <see cref="ChangeTag"/>: the lease was granted to this instance.</summary>
    public const string Acquired = "acquired";

    /// <summary>Value of <see cref="ChangeTag"/>: the lease was not renewed in time, or dropped.</summary>
    public const string Lost = "lost";

    /// <summary>Value of <see cref="ChangeTag"/>: this instance gave the lease up on stopping.</summary>
    public const string Released = "released";
}
