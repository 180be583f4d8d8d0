using Tickwatch.Market.Diagnostics.MarketData;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Step 1 <c>"missing_data_symbols": [...]</c> (stale market data); Key Metrics: <c>missing_symbols</c> should be 0.</summary>
public sealed class MissingSymbolsRule : DataFreshnessRule
{
    public override string Id => "missing_data_symbols";

    protected override RuleOutcome Judge(DataFreshnessSection freshness, DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(freshness);
        ArgumentNullException.ThrowIfNull(snapshot);
        var evidence = new Dictionary<string, object?>
        {
            ["missing_symbols"] = freshness.MissingSymbols,
            ["missing_data_symbols"] = freshness.MissingDataSymbols,
        };
        if (freshness.MissingDataSymbols.Count == 0)
        {
            return RuleOutcome.Ok(Id, "Symbols with market data", evidence);
        }

        var shown = Listing.Of(freshness.MissingDataSymbols);
        var warmedUp = freshness.WarmupSymbols.Count == 0 ? "" : Invariant($" {freshness.WarmupSymbols.Count} of them hold only a warm-up price, which never counts as live.");
        var uptime = snapshot.System is { UptimeSeconds: < 60 } system ? Invariant($" The service started {system.UptimeSeconds:0} s ago: the first prices may still be on their way.") : "";
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Critical,
            "Symbols without market data",
            Invariant($"\"missing_data_symbols\": [{shown}] ({freshness.MissingDataSymbols.Count} of {freshness.TotalSymbols})"),
            $"Stale market data: these symbols have never had a live price from any feed.{warmedUp}{uptime}",
            evidence,
            "Check individual symbols (GET /api/debug/market-data → .symbol_analysis.SYMBOL): does the quote server send them, under the names in Prices:Symbols? "
            + "Refused quotes show in .price_consistency.rejected_quotes."));
    }
}
