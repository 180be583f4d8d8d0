using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.Cluster;

/// <summary>Log lines of the trading engine's share of a cluster's work (6310–6319).</summary>
internal static partial class ClusterTradingLog
{
    [LoggerMessage(EventId = 6310, EventName = "PartitionLoaded", Level = LogLevel.Information,
        Message = "{Work}: partitions {Partitions} gained, {Accounts} accounts loaded ({Items} armed or tracked)")]
    public static partial void PartitionLoaded(ILogger logger, string work, string partitions, int accounts, int items);

    [LoggerMessage(EventId = 6311, EventName = "PartitionDropped", Level = LogLevel.Information,
        Message = "{Work}: partitions {Partitions} lost, {Accounts} accounts dropped from memory ({Items} disarmed or untracked)")]
    public static partial void PartitionDropped(ILogger logger, string work, string partitions, int accounts, int items);

    [LoggerMessage(EventId = 6312, EventName = "CommitHintFailed", Level = LogLevel.Warning,
        Message = "Recalculation hint for {Accounts} accounts committed here and owned elsewhere not published: {Error}; tried again in 1 s")]
    public static partial void CommitHintFailed(ILogger logger, int accounts, string error);

    [LoggerMessage(EventId = 6313, EventName = "PartitionLoadFailed", Level = LogLevel.Warning,
        Message = "{Work}: partitions {Partitions} gained but not loaded: {Error}; trying again in {Seconds} s")]
    public static partial void PartitionLoadFailed(ILogger logger, string work, string partitions, string error, double seconds);

    [LoggerMessage(EventId = 6314, EventName = "JobStarted", Level = LogLevel.Information,
        Message = "{Service} running here under lease {Lease} (token {Token})")]
    public static partial void JobStarted(ILogger logger, string service, string lease, long token);

    [LoggerMessage(EventId = 6315, EventName = "JobLost", Level = LogLevel.Warning,
        Message = "{Service} stopped here: lease {Lease} (token {Token}) lost; waiting to hold it again")]
    public static partial void JobLost(ILogger logger, string service, string lease, long token);

    [LoggerMessage(EventId = 6316, EventName = "RemoteOrderReadFailed", Level = LogLevel.Warning,
        Message = "Order {OrderId} of {Account}, committed on another instance, not read again: {Error}; trying again in {DelayMs} ms")]
    public static partial void RemoteOrderReadFailed(ILogger logger, string orderId, string account, string error, double delayMs);

    [LoggerMessage(EventId = 6317, EventName = "PartitionReconciled", Level = LogLevel.Warning,
        Message = "{Work}: partition reconcile found {Changed} of {Accounts} owned accounts changed by commits not heard here (announcement or hint lost); read again and {Action}")]
    public static partial void PartitionReconciled(ILogger logger, string work, int changed, int accounts, string action);

    [LoggerMessage(EventId = 6318, EventName = "PartitionReconcileFailed", Level = LogLevel.Warning,
        Message = "{Work}: partition reconcile failed: {Error}; next in {Seconds} s")]
    public static partial void PartitionReconcileFailed(ILogger logger, string work, string error, double seconds);
}
