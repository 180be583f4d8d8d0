namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>One best bid and ask of a venue symbol as Binance sends it: JSON <c>bookTicker</c>, SBE <c>BestBidAskStreamEvent</c>.</summary>
/// <param name="Symbol">Venue symbol, upper-case as in payloads (<c>BTCUSDT</c>).</param>
/// <param name="UpdateId">The symbol's book update id (<c>u</c> / <c>bookUpdateId</c>), increasing per symbol.</param>
/// <param name="Bid">Best bid price.</param>
/// <param name="BidQuantity">Quantity at the best bid.</param>
/// <param name="Ask">Best ask price.</param>
/// <param name="AskQuantity">Quantity at the best ask.</param>
/// <param name="EventTime">Event time; only SBE carries it (the spot JSON bookTicker has none).</param>
public readonly record struct BinanceBookTicker(
    string Symbol, long UpdateId, decimal Bid, decimal BidQuantity, decimal Ask, decimal AskQuantity, DateTimeOffset EventTime);
