namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The kinds of stream a Binance feed of the hub serves per symbol.</summary>
internal enum BinanceStream
{
    /// <summary><c>&lt;symbol&gt;@bookTicker</c> (JSON) or <c>&lt;symbol&gt;@bestBidAsk</c> (SBE; either name is accepted on both).</summary>
    Quotes,

    /// <summary><c>&lt;symbol&gt;@trade</c>.</summary>
    Trades,
}
