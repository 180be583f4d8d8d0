namespace Tickwatch.Feeds.Codecs.Protobuf;

/// <summary>Field numbers of the <c>MarketUpdate</c>, <c>MarketPrices</c> and <c>MarketPrice</c> messages.</summary>
internal static class MarketUpdateFields
{
    public const int Type = 1;
    public const int Data = 2;

    /// <summary>Tickwatch's addition: per-feed message sequence (uint64).</summary>
    public const int Sequence = 3;

    /// <summary>Tickwatch's addition: source time in Unix milliseconds (int64).</summary>
    public const int SourceTime = 4;

    /// <summary><c>MarketPrices.market_prices</c>, a map encoded as repeated entry messages.</summary>
    public const int MarketPrices = 1;

    public const int MapKey = 1;
    public const int MapValue = 2;

    /// <summary><c>MarketPrice.buy</c>, the ask.</summary>
    public const int Buy = 1;

    /// <summary><c>MarketPrice.sell</c>, the bid.</summary>
    public const int Sell = 2;

    public const string MarketUpdateType = "market_update";

    public static ReadOnlySpan<byte> MarketUpdateTypeUtf8 => "market_update"u8;
}
