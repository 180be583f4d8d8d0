using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>The guide's "price consistency checks": fresh feeds that disagree on a symbol beyond its tolerance, a direct source of price mismatch.</summary>
public sealed class FeedDivergenceRule : IDiagnosisRule
{
    public string Id => "feeds_disagree";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.MarketData is not { } marketData)
        {
            return RuleOutcome.NotApplicable;
        }

        var consistency = marketData.PriceConsistency;
        var evidence = new Dictionary<string, object?>
        {
            ["consistent"] = consistency.Consistent,
            ["divergent_symbol_count"] = consistency.DivergentSymbolCount,
        };
        if (consistency.Consistent)
        {
            return RuleOutcome.Ok(Id, "Feeds agree on prices", evidence);
        }

        evidence["divergent_symbols"] = consistency.DivergentSymbols.Take(Listing.Shown).ToDictionary(
            d => d.Symbol,
            d => (object?)new Dictionary<string, object?> { ["divergence"] = d.Divergence, ["tolerance"] = d.Tolerance, ["feed_mids"] = d.FeedMids },
            StringComparer.Ordinal);
        var shown = Listing.Of(consistency.DivergentSymbols.Select(d => Invariant($"{d.Symbol} by {d.Divergence} (tolerance {d.Tolerance})")));
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "Feeds disagree on prices",
            Invariant($"\"consistent\": false ({consistency.DivergentSymbolCount} divergent symbols)"),
            $"The feeds' prices differ beyond tolerance for {shown}: one feed is off or lagging, so clients may see a price the system does not act on (price mismatch).",
            evidence,
            "Compare each feed's price: GET /api/debug/market-data → .price_consistency.divergent_symbols and .symbol_analysis.SYMBOL.feeds; take the lagging feed up with its provider."));
    }
}
