namespace Tickwatch.BenchSupport;

/// <summary>The quote hub's feed protocols a receive-only limit is measured on.</summary>
public enum FeedLimitProtocol
{
    /// <summary>The zlib-compressed protobuf <c>MarketUpdate</c> binary frames (the hub's <c>protobuf</c> feed).</summary>
    Protobuf,

    /// <summary>The JSON <c>market_update</c> text frames (the hub's <c>json</c> feed).</summary>
    Json,
}
