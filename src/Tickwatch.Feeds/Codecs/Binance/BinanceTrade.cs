namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>One trade of a venue symbol as Binance sends it: JSON <c>trade</c>, SBE <c>TradesStreamEvent</c> with one entry.</summary>
/// <param name="Symbol">Venue symbol, upper-case as in payloads.</param>
/// <param name="TradeId">Trade id (<c>t</c>), increasing per symbol.</param>
/// <param name="Price">Trade price.</param>
/// <param name="Quantity">Traded quantity.</param>
/// <param name="IsBuyerMaker">Whether the buyer was the maker (<c>m</c>).</param>
/// <param name="EventTime">Event time (<c>E</c> / <c>eventTime</c>).</param>
/// <param name="TradeTime">Trade time (<c>T</c> / <c>transactTime</c>).</param>
public readonly record struct BinanceTrade(
    string Symbol, long TradeId, decimal Price, decimal Quantity, bool IsBuyerMaker, DateTimeOffset EventTime, DateTimeOffset TradeTime);
