namespace Tickwatch.Core.Trading;

/// <summary>
/// An account's figures at one set of quotes (the reference's <c>user_portfolio</c> hash), or, when a quote it needs is
/// stale or missing, the symbols that stopped it: a degraded portfolio has no figures rather than figures from 0 or an
/// old price (reference defect 4).
/// </summary>
public sealed record PortfolioValuation
{
    public required decimal Balance { get; init; }

    /// <summary>Empty when the portfolio could be valued; else each symbol whose quote was refused, with the reason.</summary>
    public required IReadOnlyDictionary<string, RefusalReason> DegradedSymbols { get; init; }

    public bool IsDegraded => DegradedSymbols.Count > 0;

    /// <summary>Balance plus total P&amp;L.</summary>
    public decimal? Equity { get; init; }

    /// <summary>Gross floating P&amp;L of the open positions.</summary>
    public decimal? OpenPnl { get; init; }

    /// <summary>Floating P&amp;L plus swap minus commission: what equity adds to the balance.</summary>
    public decimal? TotalPnl { get; init; }

    /// <summary>Margin the open positions hold (hedged: per symbol the larger side only).</summary>
    public decimal? UsedMarginExecuted { get; init; }

    /// <summary>Margin of the open positions and the resting orders together, hedged: the one margin free margin is measured against.</summary>
    public decimal? UsedMargin { get; init; }

    /// <summary>Equity minus <see cref="UsedMargin"/>: the one definition, everywhere.</summary>
    public decimal? FreeMargin { get; init; }

    /// <summary>Equity ÷ used margin × 100; null when no margin is used (nothing to call or stop out).</summary>
    public decimal? MarginLevel { get; init; }

    public IReadOnlyList<PositionValuation> Positions { get; init; } = [];
}
