using System.Globalization;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Forensics;

/// <summary>
/// Turns the evidence of one decision into a verdict from the fixed list, with the numbers: the engine's refusals
/// explain themselves; for an execution, the client's view (the shown price it named, else the last one it was sent)
/// is compared with the quote executed at, and each cause that applies is stated, the most specific first.
/// </summary>
public static class MismatchAnalysis
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static MismatchAnswer Analyse(MismatchEvidence evidence, ForensicsThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(thresholds);
        var view = ViewOf(evidence);
        var divergence = DivergencePips(evidence);
        return evidence.RefusalReason switch
        {
            "STALE_PRICE" or "MARKET_CLOSED" => Single(MismatchVerdict.StalePriceRefused, StaleRefusal(evidence), evidence, view, divergence),
            "REQUOTE" => Requote(evidence, view, divergence),
            null => Execution(evidence, view, divergence, thresholds),
            var other => Single(MismatchVerdict.StalePriceRefused, $"refused {other}: no price was acted on", evidence, view, divergence),
        };
    }

    /// <summary>The shown price the client named by its sequence, else the last one sent before the decision.</summary>
    private static ShownPrice? ViewOf(MismatchEvidence evidence)
    {
        if (evidence.Client?.SeenSequence is { } named && evidence.Shown.LastOrDefault(s => s.BookSequence == named) is { } shown)
        {
            return shown;
        }

        return evidence.Shown.LastOrDefault(s => s.SentAt <= evidence.DecidedAt);
    }

    private static MismatchAnswer Execution(MismatchEvidence evidence, ShownPrice? view, decimal? divergence, ForensicsThresholds thresholds)
    {
        var quote = evidence.Quote;
        var executed = evidence.ExecutedPrice;
        var viewPrice = evidence.Client?.SeenPrice ?? (view is null ? null : ExecutionPrice(evidence, view.Bid, view.Ask));
        var difference = executed is { } e && viewPrice is { } v ? Pips(evidence, Worse(evidence, e - v)) : (decimal?)null;
        var findings = new List<MismatchFinding>();
        if (evidence.Client is null)
        {
            findings.Add(new(
                MismatchVerdict.ClientSentNoQuote,
                view is null
                    ? $"the client sent no quote and was shown no price of {evidence.Symbol} before the order: nothing to compare with"
                    : "the client sent no quote with the order, so no deviation limit protected it"));
        }

        if (divergence is { } pips && pips >= thresholds.FeedDivergencePips)
        {
            findings.Add(new(
                MismatchVerdict.FeedDivergence,
                $"the feeds disagreed by {Number(pips, 1)} pips at the fill ({string.Join(", ", evidence.Feeds.Select(f => $"{f.Feed} mid {Number(f.Mid)}"))}); executed on {quote?.Feed ?? "an unknown feed"}"));
        }

        if (view is not null)
        {
            if (view.NewerPrices >= thresholds.SlowClientNewerPrices)
            {
                findings.Add(new(MismatchVerdict.SlowClient, $"client's stream was {view.NewerPrices} prices behind when it was sent sequence {view.BookSequence}: slow client"));
            }

            var shownBefore = evidence.DecidedAt - view.SentAt;
            if (view.AgeWhenSent >= thresholds.StaleView)
            {
                findings.Add(new(MismatchVerdict.StaleView, $"the price shown was already {Seconds(view.AgeWhenSent)} old when sent: stale view"));
            }
            else if (shownBefore >= thresholds.StaleView)
            {
                findings.Add(new(MismatchVerdict.StaleView, $"the price was shown {Seconds(shownBefore)} before the order: stale view"));
            }

            if (quote is not null && view.BookSequence == quote.BookSequence)
            {
                findings.Add(new(MismatchVerdict.SpreadMarkup, $"executed on the very price shown (sequence {view.BookSequence}) plus the group's half spread {Number(evidence.HalfSpread)}"));
            }
        }

        if (quote is not null && (view is null || view.BookSequence != quote.BookSequence) && (view is not null || evidence.Client?.SeenPrice is not null))
        {
            var allowed = evidence.Client?.MaxDeviation is { } deviation ? $"within the allowed deviation of {Number(Pips(evidence, deviation), 1)} pips" : "no deviation limit was sent";
            var from = view is null ? "the price the client saw" : $"sequence {view.BookSequence}";
            findings.Add(new(MismatchVerdict.PriceMovedWithinDeviation, $"price moved between view and order ({from} → {quote.BookSequence}), {allowed}"));
        }

        if (findings.Count == 0)
        {
            findings.Add(new(MismatchVerdict.ClientSentNoQuote, $"no view of {evidence.Symbol} is known for this order: nothing to compare with"));
        }

        var main = findings[0];
        var summary = $"{ShownText(view, evidence.Client)}; {ExecutedText(evidence)}{(difference is { } d ? $"; difference {Number(d, 1)} pips" : string.Empty)}: {main.Explanation}";
        return new MismatchAnswer(main.Verdict, summary, findings, view, viewPrice, difference, divergence);
    }

    private static MismatchAnswer Requote(MismatchEvidence evidence, ShownPrice? view, decimal? divergence)
    {
        var seen = evidence.Client?.SeenPrice;
        var executable = evidence.ExecutablePrice;
        var difference = seen is { } s && executable is { } x ? Pips(evidence, Worse(evidence, x - s)) : (decimal?)null;
        var allowed = evidence.Client?.MaxDeviation is { } deviation ? $"{Number(Pips(evidence, deviation), 1)} pips" : "none";
        var explanation =
            $"refused with a requote: the client saw {Text(seen)}, the order would have executed at {Text(executable)} (sequence {evidence.Quote?.BookSequence.ToString(Invariant) ?? "?"}), {Number(difference ?? 0m, 1)} pips away, beyond the allowed deviation of {allowed}";
        return new MismatchAnswer(
            MismatchVerdict.Requoted, $"{ShownText(view, evidence.Client)}: {explanation}", [new(MismatchVerdict.Requoted, explanation)], view, seen, difference, divergence);
    }

    private static MismatchAnswer Single(MismatchVerdict verdict, string explanation, MismatchEvidence evidence, ShownPrice? view, decimal? divergence) =>
        new(verdict, $"{ShownText(view, evidence.Client)}: {explanation}", [new(verdict, explanation)], view, evidence.Client?.SeenPrice, null, divergence);

    private static string StaleRefusal(MismatchEvidence evidence)
    {
        var limit = evidence.MaxQuoteAge is { } max ? $"; the limit is {(long)max.TotalMilliseconds} ms" : string.Empty;
        if (evidence.RefusalReason == "MARKET_CLOSED")
        {
            return $"refused MARKET_CLOSED: {evidence.Symbol} was outside its trading hours, so no price was acted on";
        }

        return evidence.Quote is { } quote
            ? $"refused STALE_PRICE: the last price of {evidence.Symbol} (sequence {quote.BookSequence}, feed {quote.Feed}) was {quote.AgeMilliseconds} ms old{limit}, so it was not acted on"
            : $"refused STALE_PRICE: no live price of {evidence.Symbol} had arrived";
    }

    private static string ShownText(ShownPrice? view, Orders.ClientQuote? client)
    {
        if (view is null)
        {
            return client?.SeenPrice is { } seen ? $"client saw {Number(seen)} (not found among the prices sent to it)" : "nothing shown to this user before the order";
        }

        var seenText = client?.SeenPrice is { } s ? $"client saw {Number(s)}, " : string.Empty;
        return $"{seenText}shown bid {Number(view.Bid)} / ask {Number(view.Ask)} (sequence {view.BookSequence}, {Seconds(view.AgeWhenSent)} old when sent on the {view.Channel}, {view.NewerPrices} newer prices then)";
    }

    private static string ExecutedText(MismatchEvidence evidence)
    {
        if (evidence.ExecutedPrice is not { } executed || evidence.Quote is not { } quote)
        {
            return "not executed";
        }

        var pays = Pays(evidence);
        var sideName = pays ? "ask" : "bid";
        var sidePrice = pays ? quote.Ask : quote.Bid;
        var sign = pays ? "+" : "−";
        return $"executed at {Number(executed)} (sequence {quote.BookSequence}, feed {quote.Feed}) = {sideName} {Number(sidePrice)} {sign} half spread {Number(evidence.HalfSpread)}";
    }

    private static decimal ExecutionPrice(MismatchEvidence evidence, decimal bid, decimal ask) =>
        Pays(evidence) ? ask + evidence.HalfSpread : bid - evidence.HalfSpread;

    // A BUY opens at the ask and closes at the bid; the evidence's side is the side of the execution itself.
    private static bool Pays(MismatchEvidence evidence) => evidence.Side == TradeSide.Buy;

    private static decimal Worse(MismatchEvidence evidence, decimal delta) => Pays(evidence) ? delta : -delta;

    private static decimal Pips(MismatchEvidence evidence, decimal amount) => evidence.Pip > 0m ? amount / evidence.Pip : amount;

    private static decimal? DivergencePips(MismatchEvidence evidence)
    {
        if (evidence.Feeds.Count < 2)
        {
            return null;
        }

        var mids = evidence.Feeds.Select(f => f.Mid).ToList();
        return Pips(evidence, mids.Max() - mids.Min());
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", Invariant) + " s";

    private static string Number(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.0", Invariant);

    private static string Number(decimal value) => value.ToString(Invariant);

    private static string Text(decimal? value) => value is { } v ? Number(v) : "?";
}
