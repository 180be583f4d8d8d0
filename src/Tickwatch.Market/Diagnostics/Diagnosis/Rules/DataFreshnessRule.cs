using Tickwatch.Market.Diagnostics.MarketData;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>A rule that judges <c>market_data_diagnostics.data_freshness</c>; it stands aside when that section is unavailable.</summary>
public abstract class DataFreshnessRule : IDiagnosisRule
{
    public abstract string Id { get; }

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.MarketData is { } marketData ? Judge(marketData.DataFreshness, snapshot) : RuleOutcome.NotApplicable;
    }

    protected abstract RuleOutcome Judge(DataFreshnessSection freshness, DiagnosisSnapshot snapshot);
}
