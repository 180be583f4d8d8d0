using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Portfolio;

/// <summary>
/// An account's portfolio as stored (the reference's <c>user_portfolio:{live:42}</c> hash): the figures of one
/// valuation, or, when a price it needs was stale or missing, no figures and the symbols that stopped it.
/// </summary>
public sealed record AccountPortfolio
{
    public required AccountId Account { get; init; }

    public required decimal Balance { get; init; }

    /// <summary>When it was computed (the hash's <c>ts</c>, unix milliseconds).</summary>
    public required DateTimeOffset ComputedAt { get; init; }

    /// <summary>Empty when valued (<c>calc_status</c> <c>ok</c>); else each symbol whose price was refused, with the reason (<c>degraded</c>).</summary>
    public IReadOnlyDictionary<string, RefusalReason> DegradedSymbols { get; init; } = new Dictionary<string, RefusalReason>(StringComparer.Ordinal);

    public decimal? Equity { get; init; }

    public decimal? FreeMargin { get; init; }

    /// <summary>Margin of positions and resting orders, hedged: the one free margin is measured against (<c>used_margin</c> and <c>used_margin_all</c>).</summary>
    public decimal? UsedMargin { get; init; }

    public decimal? UsedMarginExecuted { get; init; }

    /// <summary>Null when no margin is used or the portfolio is degraded: absent from the hash, never 0 (reference defect 4).</summary>
    public decimal? MarginLevel { get; init; }

    public decimal? OpenPnl { get; init; }

    public decimal? TotalPnl { get; init; }

    /// <summary>The book sequence of each quote the figures were computed at (positions' symbols and conversion crosses).</summary>
    public IReadOnlyDictionary<string, long> QuoteSequences { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    public bool IsDegraded => DegradedSymbols.Count > 0;

    /// <summary>The reference's <c>calc_status</c>: <c>ok</c> or <c>degraded</c>.</summary>
    public string CalcStatus => IsDegraded ? "degraded" : "ok";

    /// <summary>The stored portfolio of one valuation: its figures, or only the balance and the degraded symbols.</summary>
    public static AccountPortfolio Of(AccountId account, PortfolioValuation valuation, DateTimeOffset computedAt, IReadOnlyDictionary<string, long>? sequences = null)
    {
        ArgumentNullException.ThrowIfNull(valuation);
        var degraded = valuation.IsDegraded;
        return new AccountPortfolio
        {
            Account = account,
            Balance = valuation.Balance,
            ComputedAt = computedAt,
            DegradedSymbols = valuation.DegradedSymbols,
            Equity = degraded ? null : valuation.Equity,
            FreeMargin = degraded ? null : valuation.FreeMargin,
            UsedMargin = degraded ? null : valuation.UsedMargin,
            UsedMarginExecuted = degraded ? null : valuation.UsedMarginExecuted,
            MarginLevel = degraded ? null : valuation.MarginLevel,
            OpenPnl = degraded ? null : valuation.OpenPnl,
            TotalPnl = degraded ? null : valuation.TotalPnl,
            QuoteSequences = degraded || sequences is null ? new Dictionary<string, long>(StringComparer.Ordinal) : sequences,
        };
    }

    /// <summary>The degraded symbols as Tickwatch writes them: <c>USDJPY:STALE_PRICE,EURUSD:MARKET_CLOSED</c>, in symbol order.</summary>
    public string DegradedText() =>
        string.Join(',', DegradedSymbols.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + ":" + TradingWire.Of(d.Value)));
}
