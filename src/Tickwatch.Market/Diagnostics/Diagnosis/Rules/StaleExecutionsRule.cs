using Tickwatch.Core.Trading;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Clients were refused executions because a price was stale lately: trading is held back by a feed, not by a client.</summary>
public sealed class StaleExecutionsRule : IDiagnosisRule
{
    /// <summary>How far back a refusal counts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static readonly string Stale = TradingWire.Of(RefusalReason.StalePrice);

    public string Id => "executions_refused_stale_price";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Trading is not { } trading)
        {
            return RuleOutcome.NotApplicable;
        }

        var recent = trading.Refusals.Last.Where(r => r.Reason == Stale && snapshot.At - r.At <= Window).ToList();
        var evidence = new Dictionary<string, object?>
        {
            ["stale_price_refusals_since_start"] = trading.Refusals.ByReason.GetValueOrDefault(Stale),
            ["recent_stale_price_refusals"] = recent.Count,
        };
        if (recent.Count == 0)
        {
            return RuleOutcome.Ok(Id, "No execution refused for a stale price lately", evidence);
        }

        var symbols = recent.Select(r => r.Subject).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        evidence["symbols"] = symbols;
        evidence["last_detail"] = recent[^1].Detail;
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "Executions refused for stale prices",
            Invariant($"{recent.Count} order request(s) in the last {Window.TotalMinutes:0} minutes refused with STALE_PRICE on {string.Join(", ", symbols)}"),
            "The book held no live price of these symbols young enough to execute on (Trading:MaxExecutionQuoteAge); the engine refuses rather than act on a frozen price. "
            + "Last: " + recent[^1].Detail,
            evidence,
            "Check the symbols' feeds (GET /api/debug/market-data → .data_freshness.stale_symbols, GET /api/debug/websocket); executions resume by themselves with the next fresh price."));
    }
}
