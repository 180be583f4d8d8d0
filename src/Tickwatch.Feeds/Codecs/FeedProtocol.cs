namespace Tickwatch.Feeds.Codecs;

/// <summary>The wire protocols a feed can speak.</summary>
public enum FeedProtocol
{
    /// <summary>The reference system's JSON <c>market_update</c> text frames.</summary>
    Json,

    /// <summary>The reference system's zlib-compressed protobuf <c>MarketUpdate</c> binary frames.</summary>
    Protobuf,

    /// <summary>Binance spot JSON market streams: <c>bookTicker</c> quotes and <c>trade</c> prints, raw or combined.</summary>
    BinanceJson,

    /// <summary>Binance spot SBE market streams (schema 1 version 0): <c>bestBidAsk</c> quotes and <c>trade</c> prints.</summary>
    BinanceSbe,
}
