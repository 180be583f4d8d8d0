namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>One kind of finding: judges one snapshot of live figures against the guide's thresholds.</summary>
public interface IDiagnosisRule
{
    /// <summary>The finding kind this rule reports (e.g. <c>websocket_parse_errors</c>).</summary>
    string Id { get; }

    /// <summary>Pure: the same snapshot always gives the same outcome.</summary>
    RuleOutcome Evaluate(DiagnosisSnapshot snapshot);
}
