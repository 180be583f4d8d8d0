using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Forensics;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Market.Trading;

/// <summary>The answer of <c>GET /api/debug/trading</c>: what the engine did and refused, and the quotes its executions used.</summary>
/// <param name="Timestamp">When the report was made.</param>
/// <param name="Store">Where accounts and orders live: <c>redis_cluster</c> or <c>in_memory</c>.</param>
/// <param name="Seed">Whether the start-up seed is in the store.</param>
/// <param name="Orders">Orders by type and by final status, and fills.</param>
/// <param name="Refusals">Refusals by reason, and the last ones with their sentences.</param>
/// <param name="LastExecutions">The last fills and closes with the lineage of the quote each used.</param>
public sealed record TradingReport(
    DateTimeOffset Timestamp,
    string Store,
    TradingSeedView Seed,
    TradingOrderCounts Orders,
    TradingRefusals Refusals,
    IReadOnlyList<ExecutionView> LastExecutions)
{
    /// <summary>Armed triggers by kind, firings, triggers waiting on a stale price, latency, the last firings.</summary>
    public TriggerStatistics? Triggers { get; init; }

    /// <summary>Accounts valued, degraded portfolios with their symbols, recompute latency and conflation.</summary>
    public PortfolioCalculatorStatistics? Portfolios { get; init; }

    /// <summary>How market fills compared with the prices their clients sent, with the worst cases and their forensics.</summary>
    public ViewMismatchStatistics? ViewMismatch { get; init; }

    /// <summary>Hot state against the ledger: the last reconciliation; null when the ledger is off.</summary>
    public LedgerReconciliationReport? LedgerReconciliation { get; init; }
}

/// <summary>The seed's state.</summary>
/// <param name="Done">True once applied (or when seeding is off).</param>
/// <param name="LastError">Why the last attempt failed, while it has not succeeded.</param>
public sealed record TradingSeedView(bool Done, string? LastError);

/// <summary>Order counts since start, by the reference's wire names.</summary>
/// <param name="PlacedByType">Orders placed, by type.</param>
/// <param name="FinishedByStatus">Orders that ended, by final status.</param>
/// <param name="Fills">Orders filled (market orders and triggered pending ones).</param>
public sealed record TradingOrderCounts(IReadOnlyDictionary<string, long> PlacedByType, IReadOnlyDictionary<string, long> FinishedByStatus, long Fills);

/// <summary>Refusals since start.</summary>
/// <param name="ByReason">Counts by reason (<c>STALE_PRICE</c>, …).</param>
/// <param name="Last">The last refusals, newest last.</param>
public sealed record TradingRefusals(IReadOnlyDictionary<string, long> ByReason, IReadOnlyList<TradingRefusal> Last);

/// <summary>A fill or close with the quote it executed at.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="ExecutedAt">When it filled, or for a close when it closed.</param>
/// <param name="Account">Its account.</param>
/// <param name="Symbol">Its symbol.</param>
/// <param name="Type">BUY, SELL_LIMIT, …</param>
/// <param name="Status">Its status after the execution.</param>
/// <param name="Volume">Lots.</param>
/// <param name="Price">The execution price, half spread included.</param>
/// <param name="Quote">The quote's lineage: bid, ask, book sequence, feed, source time, receipt, age.</param>
public sealed record ExecutionView(
    string OrderId,
    DateTimeOffset? ExecutedAt,
    string Account,
    string Symbol,
    string Type,
    string Status,
    decimal Volume,
    decimal? Price,
    QuoteLineage? Quote);
