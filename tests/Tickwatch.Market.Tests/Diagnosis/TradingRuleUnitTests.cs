using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;
using Tickwatch.Trading.Engine;

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

    private static TradingRefusal Refusal(DateTimeOffset at, string symbol, string detail) => new(at, "place", "live:42", symbol, "STALE_PRICE", detail);
}
