namespace Tickwatch.Core.Symbols;

/// <summary>The price limits the book applies to one symbol.</summary>
public sealed record SymbolSettings
{
    public required string Symbol { get; init; }

    public InstrumentKind? Kind { get; init; }

    /// <summary>A live price older than this is stale: nothing executes, values or liquidates on it.</summary>
    public required TimeSpan MaxQuoteAge { get; init; }

    /// <summary>Largest accepted move of the mid from the last accepted mid, as a fraction (0.05 = 5 %).</summary>
    public required decimal MaxJump { get; init; }

    /// <summary>Consecutive updates at a new level that confirm a jump as real (a gap, not a spike).</summary>
    public required int JumpConfirmations { get; init; }

    /// <summary>Largest difference between two feeds' mids, as a fraction, before the symbol is reported inconsistent.</summary>
    public required decimal MaxFeedDivergence { get; init; }

    /// <summary>
    /// How far a venue's last trade may lie outside the fresh quote, as a fraction of the price (0.005 = 0.5 %), before
    /// the quote-vs-trade check counts it.
    /// </summary>
    public decimal TradeTolerance { get; init; } = SymbolDefaults.TradeTolerance;

    /// <summary>When the symbol trades; outside these hours its price is <see cref="Prices.Freshness.Closed"/>.</summary>
    public TradingHours TradingHours { get; init; } = TradingHours.Always;
}
