using Microsoft.Extensions.Logging;

namespace Tickwatch.Storage.Cluster;

/// <summary>The cluster's log lines, source-generated with stable event ids (3040–3050).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 3040, EventName = "LeaseAcquired", Level = LogLevel.Information,
        Message = "Lease {Lease} acquired by {Instance} with token {Token}")]
    public static partial void Acquired(ILogger logger, LeaseName lease, string instance, long token);

    [LoggerMessage(EventId = 3041, EventName = "LeaseLost", Level = LogLevel.Warning,
        Message = "Lease {Lease} (token {Token}) lost: {Reason}")]
    public static partial void Lost(ILogger logger, LeaseName lease, long token, string reason);

    [LoggerMessage(EventId = 3042, EventName = "PriceWriteFenced", Level = LogLevel.Warning,
        Message = "Price write of {Symbol} from feed {Feed} refused by its fence: token {Token} is below the fence {Fence} (another instance took the feed over); {Refused} refused in the last minute")]
    public static partial void WriteFenced(ILogger logger, string feed, string symbol, long token, long fence, long refused);

    [LoggerMessage(EventId = 3043, EventName = "PriceFenceSealed", Level = LogLevel.Information,
        Message = "Fence of feed {Feed} sealed at token {Token} on {Symbols} symbols ({Sealed} raised) in {ElapsedMs} ms")]
    public static partial void Sealed(ILogger logger, string feed, long token, int symbols, int @sealed, long elapsedMs);

    [LoggerMessage(EventId = 3044, EventName = "LeaseTokenFloorRaised", Level = LogLevel.Warning,
        Message = "Lease {Lease} was granted token {Token} but a fence of {Fence} exists (the token counter was lost in a failover); acquiring again above it")]
    public static partial void FloorRaised(ILogger logger, LeaseName lease, long token, long fence);

    [LoggerMessage(EventId = 3045, EventName = "LeaseReleased", Level = LogLevel.Information,
        Message = "Lease {Lease} (token {Token}) released")]
    public static partial void Released(ILogger logger, LeaseName lease, long token);

    [LoggerMessage(EventId = 3046, EventName = "ClusterInstanceJoined", Level = LogLevel.Information,
        Message = "Instance {Instance} ({Role}) joined the cluster; {Live} live")]
    public static partial void Joined(ILogger logger, string instance, string role, int live);

    [LoggerMessage(EventId = 3047, EventName = "ClusterInstanceGone", Level = LogLevel.Warning,
        Message = "Instance {Instance} is gone from the cluster (no heartbeat); {Live} live")]
    public static partial void Gone(ILogger logger, string instance, int live);

    [LoggerMessage(EventId = 3048, EventName = "PartitionsRebalanced", Level = LogLevel.Information,
        Message = "Partitions rebalanced: gained [{Gained}], lost [{Lost}]; {Owned} owned")]
    public static partial void Rebalanced(ILogger logger, string gained, string lost, int owned);

    [LoggerMessage(EventId = 3049, EventName = "OrphanedWorkAdopted", Level = LogLevel.Warning,
        Message = "Lease {Lease} had no holder for {FreeMs} ms; adopted")]
    public static partial void Adopted(ILogger logger, LeaseName lease, long freeMs);

    [LoggerMessage(EventId = 3050, EventName = "PartitionChangeHandlerFailed", Level = LogLevel.Error,
        Message = "A handler of partition changes ({Handler}) failed")]
    public static partial void ChangeHandlerFailed(ILogger logger, string handler, Exception exception);
}
