using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Market.Tests.Diagnosis;

public sealed class ProviderPendingMonitorRuleUnitTests
{
    private readonly ProviderPendingMonitorRule _rule = new();

    [Fact]
    public void A_monitor_holding_nothing_passes_and_no_monitor_is_not_applicable()
    {
        var healthy = _rule.Evaluate(Snapshots.Healthy());
        var none = _rule.Evaluate(Snapshots.Healthy() with { Provider = Snapshots.Provider() with { PendingMonitor = null } });

        Assert.Equal("provider_pending_monitor", healthy.Passed!.Id);
        Assert.Null(none.Passed);
        Assert.Null(none.Finding);
    }

    [Fact]
    public void A_hold_on_a_stale_price_for_longer_than_a_minute_is_a_warning_with_its_figures()
    {
        var hold = Hold("o7", ProviderPendingHold.StalePrice, seconds: 95, "no fresh price for EURUSD (StalePrice)");

        var finding = Evaluate(hold).Finding!;

        Assert.Equal((Severity.Warning, "provider_pending_monitor"), (finding.Severity, finding.Id));
        Assert.Contains("o7 of live:7 for 95 s", finding.Symptom, StringComparison.Ordinal);
        Assert.Contains("stale_price", finding.Symptom, StringComparison.Ordinal);
        Assert.Contains("no fresh price for EURUSD", finding.RootCause, StringComparison.Ordinal);
        Assert.Equal(new[] { "o7" }, finding.Evidence["held_long"]);
        Assert.Equal(95d, finding.Evidence["oldest_hold_seconds"]);
        Assert.Equal(1, finding.Evidence["holding_orders"]);
        Assert.Contains(".pending_monitor.holding", finding.Action, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProviderPendingHold.LinkDown)]
    [InlineData(ProviderPendingHold.CancelsUsed)]
    public void Short_free_margin_with_no_cancel_possible_for_long_is_critical(string reason)
    {
        var finding = Evaluate(Hold("o8", ProviderPendingHold.DegradedPortfolio, seconds: 70, "degraded"), Hold("o9", reason, seconds: 61, "free margin -120 < 0")).Finding!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("2 resting provider order(s)", finding.Symptom, StringComparison.Ordinal);
        Assert.Contains("no cancel can go", finding.RootCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_holds_and_market_closed_holds_are_fine()
    {
        var outcome = Evaluate(Hold("o1", ProviderPendingHold.StalePrice, seconds: 20, "gap"), Hold("o2", ProviderPendingHold.MarketClosed, seconds: 3600, "weekend"));

        Assert.NotNull(outcome.Passed);
        Assert.Equal(2, outcome.Passed!.Evidence["holding_orders"]);
    }

    private RuleOutcome Evaluate(params ProviderPendingHold[] holding) =>
        _rule.Evaluate(Snapshots.Healthy() with { Provider = Snapshots.Provider() with { PendingMonitor = Snapshots.PendingMonitor(holding) } });

    private static ProviderPendingHold Hold(string orderId, string reason, int seconds, string detail) =>
        new("live:7", orderId, "EURUSD", reason, Snapshots.At.AddSeconds(-seconds), detail);
}
