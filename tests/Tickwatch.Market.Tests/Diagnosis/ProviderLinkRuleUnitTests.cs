using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Market.Tests.Diagnosis;

public sealed class ProviderLinkRuleUnitTests
{
    private readonly ProviderLinkRule _rule = new();

    [Fact]
    public void A_link_down_while_accounts_route_to_the_provider_is_critical()
    {
        var outcome = _rule.Evaluate(Snapshots.Healthy() with { Provider = Snapshots.Provider(ProviderLinkState.Backoff) with { LastError = "connection refused" } });

        Assert.Equal(Severity.Critical, outcome.Finding!.Severity);
        Assert.Contains("connection refused", outcome.Finding.RootCause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_down_with_no_account_routed_and_nothing_in_flight_is_fine()
    {
        var outcome = _rule.Evaluate(Snapshots.Healthy() with { Provider = Snapshots.Provider(ProviderLinkState.Disabled) with { Enabled = false, ProviderRoutedAccounts = 0 } });

        Assert.NotNull(outcome.Passed);
    }

    [Fact]
    public void Orders_owed_an_answer_too_long_are_a_warning()
    {
        var old = new ProviderInFlightOrder("o1", "live:7", "EURUSD", ["o1-new-1"], Snapshots.At.AddSeconds(-95), AwaitsAnswer: true);

        var outcome = _rule.Evaluate(Snapshots.Healthy() with { Provider = Snapshots.Provider(stuck: 1, inFlight: old) });

        Assert.Equal(Severity.Warning, outcome.Finding!.Severity);
        Assert.Equal(1, outcome.Finding.Evidence["stuck_orders"]);
    }
}
