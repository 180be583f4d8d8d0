using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Cluster;

/// <summary>The market service's feed takeover and replication log lines, source-generated with stable event ids (2720–2725).</summary>
internal static partial class ClusterMarketLog
{
    [LoggerMessage(EventId = 2720, EventName = "FeedTakeoverStarted", Level = LogLevel.Information,
        Message = "Feed {Feed}: lease held with token {Token}; taking the feed over (seal, warm-up, connect)")]
    public static partial void TakeoverStarted(ILogger logger, string feed, long token);

    [LoggerMessage(EventId = 2721, EventName = "FeedTakeoverWarmedUp", Level = LogLevel.Information,
        Message = "Feed {Feed}: fences sealed on {Symbols} symbols and {Taken} stored prices taken into the book in {ElapsedMs} ms; connecting")]
    public static partial void WarmedUp(ILogger logger, string feed, int symbols, int taken, long elapsedMs);

    [LoggerMessage(EventId = 2722, EventName = "FeedStandby", Level = LogLevel.Information,
        Message = "Feed {Feed}: standby, not connected; the feed is held by {Holder}")]
    public static partial void Standby(ILogger logger, string feed, string holder);

    [LoggerMessage(EventId = 2723, EventName = "PriceReplicationSubscribed", Level = LogLevel.Information,
        Message = "Price replication: subscribed to {Symbols} price channels ({Failed} failed)")]
    public static partial void ReplicationSubscribed(ILogger logger, int symbols, int failed);

    [LoggerMessage(EventId = 2724, EventName = "FeedGivenUp", Level = LogLevel.Warning,
        Message = "Feed {Feed}: lease (token {Token}) given up: {Reason}; listener stopped")]
    public static partial void GivenUp(ILogger logger, string feed, long token, string reason);

    [LoggerMessage(EventId = 2725, EventName = "ClusterWatchFailed", Level = LogLevel.Debug,
        Message = "Cluster watch: the cluster could not be read ({Reason}); the last look is kept")]
    public static partial void WatchFailed(ILogger logger, string reason);
}
