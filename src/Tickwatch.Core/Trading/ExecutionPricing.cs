namespace Tickwatch.Core.Trading;

/// <summary>
/// The one definition of the price a trade executes at: opening a BUY at ask + half spread, a SELL at bid − half spread;
/// closing a BUY at bid − half spread, a SELL at ask + half spread. Valuation, triggers and closes all use it, so the
/// P&amp;L shown is the P&amp;L a close would realise (reference defect 5).
/// </summary>
public static class ExecutionPricing
{
    /// <summary>The price a position of <paramref name="side"/> opens at.</summary>
    public static decimal Open(TradeSide side, decimal bid, decimal ask, decimal halfSpread) =>
        side == TradeSide.Buy ? ask + halfSpread : bid - halfSpread;

    /// <summary>The price a position of <paramref name="side"/> closes at.</summary>
    public static decimal Close(TradeSide side, decimal bid, decimal ask, decimal halfSpread) =>
        side == TradeSide.Buy ? bid - halfSpread : ask + halfSpread;
}
