using Tickwatch.Market.Diagnostics.MarketData;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Key Metrics: <c>stale_symbols</c> should be &lt; 2.</summary>
public sealed class StaleSymbolsRule : DataFreshnessRule
{
    public override string Id => "stale_symbols";

    protected override RuleOutcome Judge(DataFreshnessSection freshness, DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(freshness);
        var evidence = new Dictionary<string, object?>
        {
            ["stale_symbols"] = freshness.StaleSymbols,
            ["stale_symbol_list"] = freshness.StaleSymbolList,
        };
        if (freshness.StaleSymbols < GuideThresholds.StaleSymbolsHealthy)
        {
            return RuleOutcome.Ok(Id, "Stale symbols", evidence);
        }

        var shown = Listing.Of(freshness.StaleSymbolList);
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "Stale symbols",
            Invariant($"\"stale_symbols\": {freshness.StaleSymbols} (the guide wants fewer than {GuideThresholds.StaleSymbolsHealthy}): {shown}"),
            Invariant($"The last prices of {freshness.StaleSymbols} symbols are older than their limits (default {freshness.DefaultMaxQuoteAgeSeconds:0.#} s): the feeds stopped sending them (frozen symbols) or the feeds are down."),
            evidence,
            "See which feed last sent each one and when: GET /api/debug/market-data → .symbol_analysis.SYMBOL.feeds; check those symbols on the quote server."));
    }
}
