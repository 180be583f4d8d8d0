using Tickwatch.Core.Trading;
using Tickwatch.Trading.Forensics;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Tests.Forensics;

/// <summary>Each verdict from hand-made evidence: EURUSD, pip 0.0001, half spread 0.00002, decided at 12:00:10.</summary>
public sealed class MismatchAnalysisUnitTests
{
    private static readonly DateTimeOffset Decided = new(2026, 12, 6, 12, 0, 10, TimeSpan.Zero);
    private static readonly ForensicsThresholds Thresholds = new();

    [Fact]
    public void A_fill_on_the_very_price_shown_differs_by_the_half_spread_only()
    {
        var answer = Analyse(Buy(executedOn: Quote(4410, 1.08500m, 1.08510m)) with
        {
            Client = new ClientQuote(1.08512m, 4410, 0.0003m),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 0.2)],
        });

        Assert.Equal(MismatchVerdict.SpreadMarkup, answer.Verdict);
        Assert.Equal(0m, answer.DifferencePips);
        Assert.Equal(
            "client saw 1.08512, shown bid 1.08500 / ask 1.08510 (sequence 4410, 0.0 s old when sent on the stream, 0 newer prices then); executed at 1.08512 (sequence 4410, feed json) = ask 1.08510 + half spread 0.00002; difference 0.0 pips: executed on the very price shown (sequence 4410) plus the group's half spread 0.00002",
            answer.Summary);
    }

    [Fact]
    public void A_price_that_moved_between_view_and_order_within_the_allowed_deviation_says_by_how_many_pips()
    {
        var answer = Analyse(Buy(executedOn: Quote(4447, 1.08519m, 1.08529m)) with
        {
            Client = new ClientQuote(1.08512m, 4410, 0.0003m),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 0.3)],
        });

        Assert.Equal(MismatchVerdict.PriceMovedWithinDeviation, answer.Verdict);
        Assert.Equal(1.9m, answer.DifferencePips);
        Assert.EndsWith("difference 1.9 pips: price moved between view and order (sequence 4410 → 4447), within the allowed deviation of 3.0 pips", answer.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_sent_a_price_with_many_newer_ones_already_out_is_a_slow_client()
    {
        var answer = Analyse(Buy(executedOn: Quote(4447, 1.08519m, 1.08529m)) with
        {
            Client = new ClientQuote(1.08512m, 4410, 0.0003m),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 0.3, newer: 37)],
        });

        Assert.Equal(MismatchVerdict.SlowClient, answer.Verdict);
        Assert.Contains("37 newer prices then", answer.Summary, StringComparison.Ordinal);
        Assert.Contains(answer.Findings, f => f.Verdict == MismatchVerdict.PriceMovedWithinDeviation);
        Assert.EndsWith("client's stream was 37 prices behind when it was sent sequence 4410: slow client", answer.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_shown_long_before_the_order_or_already_old_when_sent_is_a_stale_view()
    {
        var longAgo = Analyse(Buy(executedOn: Quote(4447, 1.08519m, 1.08529m)) with
        {
            Client = new ClientQuote(1.08512m, 4410, 0.0003m),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 2.5)],
        });
        var oldWhenSent = Analyse(Buy(executedOn: Quote(4447, 1.08519m, 1.08529m)) with
        {
            Client = new ClientQuote(1.08512m, 4410, 0.0003m),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 0.1, ageWhenSent: 1.2)],
        });

        Assert.Equal(MismatchVerdict.StaleView, longAgo.Verdict);
        Assert.EndsWith("the price was shown 2.5 s before the order: stale view", longAgo.Summary, StringComparison.Ordinal);
        Assert.Equal(MismatchVerdict.StaleView, oldWhenSent.Verdict);
        Assert.Contains("1.2 s old when sent", oldWhenSent.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Feeds_that_disagree_at_the_fill_beyond_the_threshold_are_named_with_their_mids()
    {
        var answer = Analyse(Buy(executedOn: Quote(4447, 1.08540m, 1.08550m, feed: "binary")) with
        {
            Client = new ClientQuote(1.08512m, 4410, 0.0005m),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 0.3)],
            Feeds = [new FeedPrice("json", 1.08500m, 1.08510m, Decided), new FeedPrice("binary", 1.08540m, 1.08550m, Decided)],
        });

        Assert.Equal(MismatchVerdict.FeedDivergence, answer.Verdict);
        Assert.Equal(4.0m, answer.FeedDivergencePips);
        Assert.EndsWith("the feeds disagreed by 4.0 pips at the fill (json mid 1.08505, binary mid 1.08545); executed on binary", answer.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_refusal_names_the_quote_its_age_and_the_limit()
    {
        var answer = Analyse(Buy(executedOn: null) with
        {
            RefusalReason = "STALE_PRICE",
            Quote = Quote(4410, 1.08500m, 1.08510m) with { AgeMilliseconds = 3000, HalfSpread = null },
            MaxQuoteAge = TimeSpan.FromSeconds(2),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 3)],
        });

        Assert.Equal(MismatchVerdict.StalePriceRefused, answer.Verdict);
        Assert.EndsWith("refused STALE_PRICE: the last price of EURUSD (sequence 4410, feed json) was 3000 ms old; the limit is 2000 ms, so it was not acted on", answer.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requote_states_what_the_client_saw_what_it_would_have_paid_and_the_deviation_it_allowed()
    {
        var answer = Analyse(Buy(executedOn: null) with
        {
            RefusalReason = "REQUOTE",
            Quote = Quote(4460, 1.08560m, 1.08570m),
            ExecutablePrice = 1.08572m,
            Client = new ClientQuote(1.08512m, 4410, 0.0003m),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 0.4)],
        });

        Assert.Equal(MismatchVerdict.Requoted, answer.Verdict);
        Assert.Equal(6.0m, answer.DifferencePips);
        Assert.EndsWith(
            "refused with a requote: the client saw 1.08512, the order would have executed at 1.08572 (sequence 4460), 6.0 pips away, beyond the allowed deviation of 3.0 pips",
            answer.Summary,
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_without_a_quote_is_said_to_be_unprotected_and_the_last_shown_price_is_still_compared()
    {
        var shown = Analyse(Buy(executedOn: Quote(4447, 1.08519m, 1.08529m)) with { Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 0.3)] });
        var nothing = Analyse(Buy(executedOn: Quote(4447, 1.08519m, 1.08529m)));

        Assert.Equal(MismatchVerdict.ClientSentNoQuote, shown.Verdict);
        Assert.Equal(1.9m, shown.DifferencePips);
        Assert.Contains(shown.Findings, f => f.Verdict == MismatchVerdict.PriceMovedWithinDeviation && f.Explanation.EndsWith("no deviation limit was sent", StringComparison.Ordinal));
        Assert.Equal(MismatchVerdict.ClientSentNoQuote, nothing.Verdict);
        Assert.StartsWith("nothing shown to this user before the order; executed at 1.08531", nothing.Summary, StringComparison.Ordinal);
        Assert.Null(nothing.DifferencePips);
    }

    [Fact]
    public void A_sell_is_compared_on_the_bid_and_a_lower_fill_is_worse_for_the_client()
    {
        var answer = Analyse(new MismatchEvidence
        {
            Symbol = "EURUSD",
            Side = TradeSide.Sell,
            DecidedAt = Decided,
            Pip = 0.0001m,
            HalfSpread = 0.00002m,
            ExecutedPrice = 1.08478m,
            Quote = Quote(4447, 1.08480m, 1.08490m),
            Client = new ClientQuote(null, 4410, null),
            Shown = [Shown(4410, 1.08500m, 1.08510m, sentBefore: 0.3)],
        });

        Assert.Equal(1.08498m, answer.ViewPrice);
        Assert.Equal(2.0m, answer.DifferencePips);
        Assert.Contains("= bid 1.08480 − half spread 0.00002", answer.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_verdict_has_a_distinct_wire_name()
    {
        var names = Enum.GetValues<MismatchVerdict>().Select(v => v.ToWireName()).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(MismatchVerdictNames.All, names);
    }

    private static MismatchAnswer Analyse(MismatchEvidence evidence) => MismatchAnalysis.Analyse(evidence, Thresholds);

    private static MismatchEvidence Buy(QuoteLineage? executedOn) => new()
    {
        Symbol = "EURUSD",
        Side = TradeSide.Buy,
        DecidedAt = Decided,
        Pip = 0.0001m,
        HalfSpread = 0.00002m,
        ExecutedPrice = executedOn is null ? null : executedOn.Ask + 0.00002m,
        Quote = executedOn,
    };

    private static QuoteLineage Quote(long sequence, decimal bid, decimal ask, string feed = "json") =>
        new(bid, ask, sequence, feed, null, Decided.AddMilliseconds(-20), 20, 0.00002m);

    private static ShownPrice Shown(long sequence, decimal bid, decimal ask, double sentBefore, long newer = 0, double ageWhenSent = 0.01)
    {
        var sentAt = Decided.AddSeconds(-sentBefore);
        return new ShownPrice(sequence, bid, ask, "json", sentAt.AddSeconds(-ageWhenSent), sentAt, newer, "stream");
    }
}
