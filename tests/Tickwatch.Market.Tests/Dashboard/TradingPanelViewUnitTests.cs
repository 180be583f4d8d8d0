using System.Text.Json;
using Tickwatch.Hosting;
using Tickwatch.Market.Dashboard;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Trading;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Market.Tests.Dashboard;

/// <summary>The dashboard's trading panel as it reads the trading report: bounded lists, newest first, the price guard's refusals marked, and an honest empty state.</summary>
public sealed class TradingPanelViewUnitTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void An_engine_that_did_nothing_yet_has_no_activity_and_no_rows()
    {
        var panel = TradingPanelView.From(Report());

        Assert.False(panel.HasActivity);
        Assert.Empty(panel.Refusals);
        Assert.Null(panel.LastRefusal);
        Assert.Empty(panel.LastExecutions);
        Assert.Equal((0, 0, 0, 0), (panel.Triggers!.Pending, panel.Triggers.StopLoss, panel.Triggers.TakeProfit, panel.Triggers.WaitingOnStale));
        Assert.Equal((0, 0), (panel.Portfolios!.AccountsTracked, panel.Portfolios.Degraded));
    }

    [Fact]
    public void Refusals_come_most_first_with_stale_price_and_market_closed_marked_as_the_price_guards()
    {
        var report = Report() with
        {
            Refusals = new TradingRefusals(
                new Dictionary<string, long> { ["INVALID_VOLUME"] = 1, ["STALE_PRICE"] = 4, ["MARKET_CLOSED"] = 1, ["REQUOTE"] = 0 },
                [Refusal(At.AddSeconds(-5), "INVALID_VOLUME"), Refusal(At, "STALE_PRICE")]),
        };

        var panel = TradingPanelView.From(report);

        Assert.True(panel.HasActivity);
        Assert.Equal(
            [new RefusalCountView("STALE_PRICE", 4, true), new RefusalCountView("INVALID_VOLUME", 1, false), new RefusalCountView("MARKET_CLOSED", 1, true)],
            panel.Refusals);
        Assert.Equal("STALE_PRICE", panel.LastRefusal!.Reason);
    }

    [Fact]
    public void The_last_executions_are_listed_newest_first_and_at_most_ten()
    {
        var report = Report() with { LastExecutions = [.. Enumerable.Range(1, 15).Select(i => Execution($"order-{i}", At.AddSeconds(i)))] };

        var panel = TradingPanelView.From(report);

        Assert.True(panel.HasActivity);
        Assert.Equal(TradingPanelView.ExecutionsShown, panel.LastExecutions.Count);
        Assert.Equal(Enumerable.Range(6, 10).Reverse().Select(i => $"order-{i}"), panel.LastExecutions.Select(e => e.OrderId));
    }

    [Fact]
    public void Degraded_accounts_are_named_up_to_the_bound_and_counted_in_full()
    {
        var degraded = Enumerable.Range(1, 25).Select(i => new DegradedPortfolio($"live:{i:00}", "USDJPY:STALE_PRICE")).ToList();
        var report = Report() with { Portfolios = Portfolios(tracked: 40, degraded) };

        var panel = TradingPanelView.From(report);

        Assert.True(panel.HasActivity);
        Assert.Equal((40, 25), (panel.Portfolios!.AccountsTracked, panel.Portfolios.Degraded));
        Assert.Equal(degraded.Take(TradingPanelView.DegradedShown), panel.Portfolios.DegradedAccounts);
    }

    [Fact]
    public void Armed_triggers_alone_are_activity_and_the_ones_waiting_on_a_stale_price_are_carried()
    {
        var report = Report() with { Triggers = Triggers(pending: 2, stopLoss: 1, waitingOnStale: 1) };

        var panel = TradingPanelView.From(report);

        Assert.True(panel.HasActivity);
        Assert.Equal((2, 1, 0, 1), (panel.Triggers!.Pending, panel.Triggers.StopLoss, panel.Triggers.TakeProfit, panel.Triggers.WaitingOnStale));
    }

    [Fact]
    public void A_trading_section_that_failed_stays_failed_with_its_error_and_no_figures()
    {
        var failed = new Section<TradingReport> { Status = SectionStatus.Failed, ElapsedMs = 1.5, Error = "InvalidOperationException: boom" };

        var section = failed.Select(TradingPanelView.From);

        Assert.Equal((SectionStatus.Failed, 1.5, "InvalidOperationException: boom"), (section.Status, section.ElapsedMs, section.Error));
        Assert.Null(section.Value);
    }

    [Fact]
    public void In_json_the_panel_reads_as_the_page_expects()
    {
        var report = Report() with
        {
            Refusals = new TradingRefusals(new Dictionary<string, long> { ["STALE_PRICE"] = 1 }, [Refusal(At, "STALE_PRICE")]),
            LastExecutions = [Execution("order-1", At)],
        };
        var options = new JsonSerializerOptions();
        JsonDefaults.Apply(options);

        var json = JsonSerializer.SerializeToNode(new Section<TradingPanelView> { Status = SectionStatus.Ok, ElapsedMs = 0.2, Value = TradingPanelView.From(report) }, options)!;

        Assert.Equal("ok", json["status"]!.GetValue<string>());
        Assert.True(json["has_activity"]!.GetValue<bool>());
        Assert.True(json["refusals"]![0]!["price_guard"]!.GetValue<bool>());
        Assert.Equal("running", json["triggers"]!["state"]!.GetValue<string>());
        var execution = json["last_executions"]![0]!;
        Assert.Equal(("EURUSD", 1.08512m, 981L, "json"), (
            execution["symbol"]!.GetValue<string>(),
            execution["price"]!.GetValue<decimal>(),
            execution["quote"]!["book_sequence"]!.GetValue<long>(),
            execution["quote"]!["feed"]!.GetValue<string>()));
        Assert.Equal(At, execution["executed_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0, json["portfolios"]!["degraded"]!.GetValue<int>());
        Assert.Empty(json["portfolios"]!["degraded_accounts"]!.AsArray());
    }

    private static TradingReport Report() => new(
        At,
        "in_memory",
        new TradingSeedView(true, null),
        new TradingOrderCounts(new Dictionary<string, long> { ["BUY"] = 0 }, new Dictionary<string, long>(), 0),
        new TradingRefusals(new Dictionary<string, long>(), []),
        [])
    {
        Triggers = Triggers(),
        Portfolios = Portfolios(tracked: 0, []),
    };

    private static TradingRefusal Refusal(DateTimeOffset at, string reason) => new(at, "place", "demo:1", "EURUSD", reason, "refused");

    private static ExecutionView Execution(string id, DateTimeOffset at) =>
        new(id, at, "demo:1", "EURUSD", "BUY", "OPEN", 0.1m, 1.08512m, new QuoteLineage(1.08502m, 1.08512m, 981, "json", null, at.AddMilliseconds(-12), 12));

    private static TriggerStatistics Triggers(int pending = 0, int stopLoss = 0, int waitingOnStale = 0) => new()
    {
        State = TriggerServiceState.Running,
        ArmedPending = pending,
        ArmedStopLoss = stopLoss,
        ArmedTakeProfit = 0,
        FiredPending = 0,
        FiredStopLoss = 0,
        FiredTakeProfit = 0,
        AlreadyFired = 0,
        WaitingOnStale = waitingOnStale,
        StaleRefusals = 0,
        Requotes = 0,
        OtherRefusals = 0,
        Dropped = 0,
        IndexWrites = 0,
        IndexFailures = 0,
        IndexBacklog = 0,
        FiringFailures = 0,
        QuotesOffered = 0,
        QuotesCoalesced = 0,
        Latency = LatencySummary.Empty,
        LastFirings = [],
    };

    private static PortfolioCalculatorStatistics Portfolios(int tracked, IReadOnlyList<DegradedPortfolio> degraded) =>
        new("running", tracked, 0, degraded.Count, degraded, 0, 0, 0, 0, LatencySummary.Empty, 0, 0, 0, 0, 0, 0, 0);
}
