namespace Tickwatch.Feeds.Codecs;

/// <summary>The wire protocols a feed can speak.</summary>
public enum FeedProtocol
{
    /// <summary>The reference system's JSON <c>market_update</c> text frames.</summary>
    Json,

    /// <summary>The reference system's zlib-compressed protobuf <c>MarketUpdate</c> binary frames.</summary>
    Protobuf,
}
