using Tickwatch.Core.Trading;
using Tickwatch.Market.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Market.Dashboard;

/// <summary>
/// The dashboard's trading panel: the figures of <c>/api/debug/trading</c> (the very report the comprehensive report
/// holds) as an on-call operator reads them, with every list bounded and the newest first.
/// </summary>
/// <param name="Store"><c>redis_cluster</c> or <c>in_memory</c>.</param>
/// <param name="Seed">Whether the start-up seed is in the store.</param>
/// <param name="HasActivity">False while the engine has nothing to show: no order, refusal, armed trigger or valued portfolio since start.</param>
/// <param name="Orders">Orders placed by type, finished by final status, and fills.</param>
/// <param name="Refusals">Refusals by reason, most first, the price guard's marked.</param>
/// <param name="LastRefusal">The newest refusal with its sentence; null when there was none.</param>
/// <param name="Triggers">Armed triggers by kind and those waiting on a fresh price; null when the trigger service does not report.</param>
/// <param name="Portfolios">Portfolios valued and degraded; null when the portfolio calculator does not report.</param>
/// <param name="LastExecutions">The last fills and closes, newest first, at most <see cref="ExecutionsShown"/>.</param>
public sealed record TradingPanelView(
    string Store,
    TradingSeedView Seed,
    bool HasActivity,
    TradingOrderCounts Orders,
    IReadOnlyList<RefusalCountView> Refusals,
    TradingRefusal? LastRefusal,
    ArmedTriggersView? Triggers,
    PortfoliosView? Portfolios,
    IReadOnlyList<ExecutionView> LastExecutions)
{
    /// <summary>Executions the panel lists at most.</summary>
    public const int ExecutionsShown = 10;

    /// <summary>Degraded accounts the panel names at most; the count covers them all.</summary>
    public const int DegradedShown = 10;

    private static readonly HashSet<string> PriceGuardReasons =
        [.. Enum.GetValues<RefusalReason>().Where(PriceGuard.Gives).Select(TradingWire.Of)];

    public static TradingPanelView From(TradingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var refusals = report.Refusals.ByReason
            .Where(r => r.Value > 0)
            .OrderByDescending(r => r.Value)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RefusalCountView(r.Key, r.Value, PriceGuardReasons.Contains(r.Key)))
            .ToList();
        var triggers = report.Triggers is { } t
            ? new ArmedTriggersView(t.State, t.ArmedPending, t.ArmedStopLoss, t.ArmedTakeProfit, t.WaitingOnStale)
            : null;
        var portfolios = report.Portfolios is { } p
            ? new PortfoliosView(p.State, p.AccountsTracked, p.DegradedCount, [.. p.DegradedPortfolios.Take(DegradedShown)])
            : null;
        var orders = report.Orders;
        var hasActivity = orders.Fills > 0
            || orders.PlacedByType.Values.Any(n => n > 0)
            || orders.FinishedByStatus.Values.Any(n => n > 0)
            || refusals.Count > 0
            || report.LastExecutions.Count > 0
            || triggers is { Pending: > 0 } or { StopLoss: > 0 } or { TakeProfit: > 0 } or { WaitingOnStale: > 0 }
            || portfolios is { AccountsTracked: > 0 } or { Degraded: > 0 };
        return new TradingPanelView(
            report.Store,
            report.Seed,
            hasActivity,
            orders,
            refusals,
            report.Refusals.Last.Count > 0 ? report.Refusals.Last[^1] : null,
            triggers,
            portfolios,
            [.. Enumerable.Reverse(report.LastExecutions).Take(ExecutionsShown)]);
    }
}

/// <summary>Refusals of one reason since start.</summary>
/// <param name="Reason">The wire reason, <c>STALE_PRICE</c>.</param>
/// <param name="Count">How many.</param>
/// <param name="PriceGuard">True for <c>STALE_PRICE</c> and <c>MARKET_CLOSED</c>: the price, not the request, said no.</param>
public sealed record RefusalCountView(string Reason, long Count, bool PriceGuard);

/// <summary>The trigger service's armed triggers.</summary>
/// <param name="State">not_started, loading, running, stopped or faulted.</param>
/// <param name="Pending">Pending orders armed.</param>
/// <param name="StopLoss">Stop-losses armed.</param>
/// <param name="TakeProfit">Take-profits armed.</param>
/// <param name="WaitingOnStale">Crossed triggers refused for a stale price or a closed market, waiting for a fresh one.</param>
public sealed record ArmedTriggersView(TriggerServiceState State, int Pending, int StopLoss, int TakeProfit, int WaitingOnStale);

/// <summary>The portfolio calculator's accounts.</summary>
/// <param name="State">not_started, starting, running, stopped or faulted.</param>
/// <param name="AccountsTracked">Accounts it revalues.</param>
/// <param name="Degraded">Accounts whose last portfolio is degraded, all of them.</param>
/// <param name="DegradedAccounts">The first of them by account, at most <see cref="TradingPanelView.DegradedShown"/>, each with the symbols it waits on.</param>
public sealed record PortfoliosView(string State, int AccountsTracked, int Degraded, IReadOnlyList<DegradedPortfolio> DegradedAccounts);
