namespace Tickwatch.Trading.Forensics;

/// <summary>Why what a client was shown and what the engine did differ: the fixed list every answer is one of.</summary>
public enum MismatchVerdict
{
    /// <summary>Executed at exactly the price shown plus the group's half spread.</summary>
    SpreadMarkup,

    /// <summary>The price moved between the view and the order, within the deviation the client allowed.</summary>
    PriceMovedWithinDeviation,

    /// <summary>The client's stream was behind: newer prices of the symbol existed when the one it acted on was sent.</summary>
    SlowClient,

    /// <summary>The client acted on a price that was old when shown, or shown long before the order.</summary>
    StaleView,

    /// <summary>The feeds disagreed about the symbol when the order executed.</summary>
    FeedDivergence,

    /// <summary>The engine refused: no fresh, open-market price (STALE_PRICE or MARKET_CLOSED).</summary>
    StalePriceRefused,

    /// <summary>The engine refused with a requote: the price had moved beyond the deviation the client allowed.</summary>
    Requoted,

    /// <summary>The client sent no quote with the order, so nothing protected it from a moved price.</summary>
    ClientSentNoQuote,
}
