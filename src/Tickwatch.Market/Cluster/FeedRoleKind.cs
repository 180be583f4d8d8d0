namespace Tickwatch.Market.Cluster;

/// <summary>What this instance does for one feed in the cluster.</summary>
public enum FeedRoleKind
{
    /// <summary>This instance holds the feed's lease: it connects and writes the feed's prices (always so in single mode).</summary>
    Writer,

    /// <summary>Another instance holds the feed's lease; this one keeps its book from the price channel and does not connect.</summary>
    Standby,

    /// <summary>No instance holds the feed's lease: nobody writes the feed's prices.</summary>
    Unheld,

    /// <summary>The lease store could not be read, so the holder is not known.</summary>
    Unknown,
}
