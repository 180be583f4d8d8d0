namespace Tickwatch.TradingHarness;

/// <summary>The market process's counters, read at the start and end of a window.</summary>
/// <param name="Timestamp">When read, by the market process's clock.</param>
/// <param name="QuotesAccepted">Quotes the price book accepted since start.</param>
/// <param name="AccountsTracked">Accounts the portfolio calculator revalues.</param>
/// <param name="Recomputes">Portfolios the calculator computed and wrote since start.</param>
/// <param name="WritesAcknowledged">Portfolio writes the store acknowledged since start.</param>
/// <param name="Degraded">Accounts whose last portfolio is degraded.</param>
/// <param name="WriteFailures">Portfolio writes the store failed.</param>
/// <param name="LastPassAccounts">Accounts valued in the calculator's last pass.</param>
/// <param name="ComputeMicrosPerAccount">Valuation time per account in that pass.</param>
/// <param name="QuoteConflations">Quotes replaced by a newer one of their symbol before the calculator took them.</param>
/// <param name="AccountConflations">Times an account already queued was asked again.</param>
/// <param name="Gc">The process's collections so far.</param>
internal sealed record CalculatorFigures(
    DateTimeOffset Timestamp,
    long QuotesAccepted,
    int AccountsTracked,
    long Recomputes,
    long WritesAcknowledged,
    int Degraded,
    long WriteFailures,
    int LastPassAccounts,
    double ComputeMicrosPerAccount,
    long QuoteConflations,
    long AccountConflations,
    Tickwatch.BenchSupport.GcTotals Gc);
