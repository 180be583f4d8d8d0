using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>A venue's last trade outside the fresh quote beyond the symbol's tolerance: the quote may be lagging or off the market.</summary>
public sealed class TradeOutsideQuoteRule : IDiagnosisRule
{
    public string Id => "trade_outside_quote";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.MarketData is not { } marketData)
        {
            return RuleOutcome.NotApplicable;
        }

        var agreement = marketData.PriceConsistency;
        var symbols = agreement.SymbolsWithTradeOutsideQuote;
        var evidence = new Dictionary<string, object?>
        {
            ["trades_outside_quote"] = agreement.TradesOutsideQuote,
            ["symbols_with_trade_outside_quote"] = symbols.Take(Listing.Shown).ToList(),
        };

        // The current state, not the count: a trade that raced its quote once is history once the quote has caught up.
        if (symbols.Count == 0)
        {
            return RuleOutcome.Ok(Id, "Last trades lie within their quotes", evidence);
        }

        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "Last trade outside the quote",
            Invariant($"\"symbols_with_trade_outside_quote\": {symbols.Count} symbols"),
            $"The venue last traded {Listing.Of(symbols)} outside the fresh bid/ask beyond the tolerance: the quote stream may lag the venue, or the venue's book moved faster than the quotes arrive.",
            evidence,
            "Compare quote and trade: GET /api/debug/market-data → .symbol_analysis.SYMBOL.last_trade and .bid/.ask; tickwatch_feed_trade_outside_quote_total{feed,symbol} shows how often it happens."));
    }
}
