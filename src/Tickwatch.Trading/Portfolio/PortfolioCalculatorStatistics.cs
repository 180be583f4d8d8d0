using System.Text.Json.Serialization;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Trading.Portfolio;

/// <summary>The portfolio calculator's state for <c>/api/debug/trading</c>.</summary>
/// <param name="State">not_started, starting, running, stopped or faulted.</param>
/// <param name="AccountsTracked">Accounts with open positions or resting orders it revalues.</param>
/// <param name="SymbolsWatched">Symbols whose quotes revalue at least one account (held or a conversion cross).</param>
/// <param name="DegradedCount">Accounts whose last written portfolio is degraded.</param>
/// <param name="DegradedPortfolios">The first of them by account (at most <see cref="PortfolioCalculator.DegradedListed"/>), with the symbols (<c>USDJPY:STALE_PRICE</c>).</param>
/// <param name="Recomputes">Portfolios computed and written since start.</param>
/// <param name="RecomputesPerSecond">Over the last 10 s.</param>
/// <param name="QuoteConflations">Quotes replaced by a newer one of their symbol before they were taken.</param>
/// <param name="AccountConflations">Times an account already queued for a recompute was asked again (computed once, with the newest quotes).</param>
/// <param name="RecomputeLatency">Quote receipt to portfolio written, over the last minute.</param>
/// <param name="ComputeMicrosPerAccount">Average time to value one account in the last pass (store writes excluded).</param>
/// <param name="LastPassAccounts">Accounts valued in the last pass.</param>
/// <param name="WriteFailures">Portfolio writes the store failed (recomputed on the next pass).</param>
/// <param name="ReadFailures">Account reads the trading store failed (retried).</param>
/// <param name="HolderFailures">Symbol holder changes the store failed (retried).</param>
/// <param name="RecalcRequests">Accounts named by <c>portfolio_force_recalc</c>.</param>
/// <param name="MalformedRecalcRequests">Recompute requests that could not be read.</param>
public sealed record PortfolioCalculatorStatistics(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("accounts_tracked")] int AccountsTracked,
    [property: JsonPropertyName("symbols_watched")] int SymbolsWatched,
    [property: JsonPropertyName("degraded_count")] int DegradedCount,
    [property: JsonPropertyName("degraded_portfolios")] IReadOnlyList<DegradedPortfolio> DegradedPortfolios,
    [property: JsonPropertyName("recomputes")] long Recomputes,
    [property: JsonPropertyName("recomputes_per_second")] double RecomputesPerSecond,
    [property: JsonPropertyName("quote_conflations")] long QuoteConflations,
    [property: JsonPropertyName("account_conflations")] long AccountConflations,
    [property: JsonPropertyName("recompute_latency")] LatencySummary RecomputeLatency,
    [property: JsonPropertyName("compute_us_per_account")] double ComputeMicrosPerAccount,
    [property: JsonPropertyName("last_pass_accounts")] int LastPassAccounts,
    [property: JsonPropertyName("write_failures")] long WriteFailures,
    [property: JsonPropertyName("read_failures")] long ReadFailures,
    [property: JsonPropertyName("holder_failures")] long HolderFailures,
    [property: JsonPropertyName("recalc_requests")] long RecalcRequests,
    [property: JsonPropertyName("malformed_recalc_requests")] long MalformedRecalcRequests);
