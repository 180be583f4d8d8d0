using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Forensics;

namespace Tickwatch.Market.Tests.Diagnosis;

public sealed class TradingRuleUnitTests
{
    private readonly StaleExecutionsRule _rule = new();

    [Fact]
    public void Recent_stale_price_refusals_are_a_warning_naming_the_symbols_and_the_last_reason()
    {
        var snapshot = Snapshots.Healthy() with
        {
            Trading = Snapshots.Trading(
                Refusal(Snapshots.At.AddMinutes(-1), "USDCHF", "The last price of USDCHF is 4200 ms old; the limit is 2000 ms."),
                Refusal(Snapshots.At.AddMinutes(-2), "EURUSD", "The last price of EURUSD is 3100 ms old; the limit is 2000 ms."),
                Refusal(Snapshots.At.AddMinutes(-9), "GBPUSD", "old")),
        };

        var finding = _rule.Evaluate(snapshot).Finding!;

        Assert.Equal((Severity.Warning, "executions_refused_stale_price"), (finding.Severity, finding.Id));
        Assert.Contains("2 order request(s)", finding.Symptom, StringComparison.Ordinal);
        Assert.Equal(new[] { "EURUSD", "USDCHF" }, finding.Evidence["symbols"]);
        Assert.Contains("3100 ms old", finding.RootCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_older_than_the_window_or_for_other_reasons_pass()
    {
        var snapshot = Snapshots.Healthy() with
        {
            Trading = Snapshots.Trading(
                Refusal(Snapshots.At.AddMinutes(-6), "EURUSD", "old"),
                new TradingRefusal(Snapshots.At, "place", "live:1", "EURUSD", "INSUFFICIENT_MARGIN", "needs more")),
        };

        Assert.NotNull(_rule.Evaluate(snapshot).Passed);
        Assert.Null(_rule.Evaluate(Snapshots.Healthy() with { Trading = null }).Passed);
    }

    [Fact]
    public void Fills_differing_from_the_clients_prices_at_an_unusual_rate_are_a_warning_linking_the_worst_forensics()
    {
        var worst = new ViewMismatch("0190aa", "live:42", "EURUSD", Snapshots.At.AddMinutes(-1), 1.08560m, 1.08512m, 4.8m, "/api/debug/forensics/orders/0190aa");
        var rule = new ExecutionsDifferFromViewRule();
        var unusual = Snapshots.Healthy() with { Trading = Snapshots.Trading() with { ViewMismatch = Views(compared: 40, differing: 6, [worst]) } };
        var usual = Snapshots.Healthy() with { Trading = Snapshots.Trading() with { ViewMismatch = Views(compared: 40, differing: 2, []) } };
        var few = Snapshots.Healthy() with { Trading = Snapshots.Trading() with { ViewMismatch = Views(compared: 10, differing: 9, []) } };

        var finding = rule.Evaluate(unusual).Finding!;

        Assert.Equal((Severity.Warning, "executions_differ_from_view"), (finding.Severity, finding.Id));
        Assert.Equal("6 of 40 market fills in the last 5 minutes (15%) were more than 2 pips worse than the price the client sent", finding.Symptom);
        Assert.Contains("order 0190aa (live:42, EURUSD) filled at 1.08560, 4.8 pips from the 1.08512", finding.RootCause, StringComparison.Ordinal);
        Assert.StartsWith("Read why: GET /api/debug/forensics/orders/0190aa", finding.Action, StringComparison.Ordinal);
        Assert.NotNull(rule.Evaluate(usual).Passed);
        Assert.NotNull(rule.Evaluate(few).Passed);
    }

    private static ViewMismatchStatistics Views(long compared, long differing, IReadOnlyList<ViewMismatch> worst) =>
        new(300, 2m, 0.05, compared + 3, compared, differing, 3, compared == 0 ? null : (double)differing / compared, worst, compared, differing, 3);

    private static TradingRefusal Refusal(DateTimeOffset at, string symbol, string detail) => new(at, "place", "live:42", symbol, "STALE_PRICE", detail);
}
