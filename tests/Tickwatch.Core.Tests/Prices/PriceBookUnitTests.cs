using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Tests.Prices;

public class PriceBookUnitTests
{
    private readonly BookFixture _f = new();

    [Fact]
    public void A_full_update_becomes_the_quote()
    {
        var result = _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 1);

        Assert.Equal(PriceApplyOutcome.Accepted, result.Outcome);
        var quote = _f.Book.GetQuote("EURUSD")!;
        Assert.Equal(1.0850m, quote.Bid);
        Assert.Equal(1.0852m, quote.Ask);
        Assert.Equal(1, quote.BookSequence);
        Assert.Equal("json", quote.Feed);
    }

    [Fact]
    public void A_partial_update_keeps_the_last_known_other_side_and_never_zero()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 1);

        var result = _f.Apply("EURUSD", null, 1.0853m, sequence: 2);

        Assert.True(result.IsAccepted);
        Assert.Equal(1.0850m, result.Quote!.Bid);
        Assert.Equal(1.0853m, result.Quote.Ask);
    }

    [Fact]
    public void A_first_one_sided_update_waits_for_the_other_side()
    {
        Assert.Equal(PriceApplyOutcome.Incomplete, _f.Apply("EURUSD", 1.0850m, null, sequence: 1).Outcome);
        Assert.Null(_f.Book.GetQuote("EURUSD"));

        var result = _f.Apply("EURUSD", null, 1.0852m, sequence: 2);

        Assert.True(result.IsAccepted);
        Assert.Equal((1.0850m, 1.0852m), (result.Quote!.Bid, result.Quote.Ask));
    }

    [Fact]
    public void An_older_sequence_never_overwrites_a_newer_one()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 10);

        Assert.Equal(PriceApplyOutcome.OutOfOrder, _f.Apply("EURUSD", 1.0800m, 1.0802m, sequence: 9).Outcome);
        Assert.Equal(PriceApplyOutcome.Duplicate, _f.Apply("EURUSD", 1.0800m, 1.0802m, sequence: 10).Outcome);

        Assert.Equal(1.0850m, _f.Book.GetQuote("EURUSD")!.Bid);
        var stats = _f.Book.Statistics;
        Assert.Equal((1, 1), (stats.OutOfOrder, stats.Duplicates));
    }

    [Fact]
    public void A_poisoned_huge_sequence_does_not_freeze_the_symbol_for_the_rest_of_the_session()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 10);
        _f.Time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(_f.Apply("EURUSD", 1.0851m, 1.0853m, sequence: long.MaxValue - 5).IsAccepted);

        _f.Time.Advance(TimeSpan.FromMilliseconds(10));
        var next = _f.Apply("EURUSD", 1.0852m, 1.0854m, sequence: 11);
        _f.Time.Advance(TimeSpan.FromMilliseconds(10));
        var after = _f.Apply("EURUSD", 1.0853m, 1.0855m, sequence: 12);

        Assert.True(next.IsAccepted);
        Assert.True(after.IsAccepted);
        Assert.True(after.Quote!.Version > next.Quote!.Version);
        Assert.Equal(1, _f.Snapshot("EURUSD").SequenceRestarts);
        Assert.Equal(PriceApplyOutcome.OutOfOrder, _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 11).Outcome);
        Assert.True(_f.Apply("EURUSD", 1.0854m, 1.0856m, sequence: long.MinValue).Outcome is not PriceApplyOutcome.Duplicate);
    }

    [Fact]
    public void A_new_feed_session_restarts_the_sequence()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 500, session: 1);
        _f.Time.Advance(TimeSpan.FromMilliseconds(150)); // a reconnection takes time; the later arrival outranks sequence 500

        var result = _f.Apply("EURUSD", 1.0851m, 1.0853m, sequence: 1, session: 2);

        Assert.True(result.IsAccepted);
        Assert.Equal(PriceApplyOutcome.OutOfOrder, _f.Apply("EURUSD", 1.0840m, 1.0842m, sequence: 501, session: 1).Outcome);
    }

    [Theory]
    [InlineData(0, 1.0852)]
    [InlineData(-1.0850, 1.0852)]
    [InlineData(1.0850, 0)]
    public void Non_positive_prices_are_refused(decimal bid, decimal ask)
    {
        var result = _f.Apply("EURUSD", bid, ask);

        Assert.Equal((PriceApplyOutcome.Rejected, QuoteRejection.NonPositive), (result.Outcome, result.Rejection));
        Assert.Null(_f.Book.GetQuote("EURUSD"));
    }

    [Theory]
    [InlineData("79228162514264337593543950334", "79228162514264337593543950335")]
    [InlineData("1.0850", "79228162514264337593543950335")]
    public void A_price_near_the_decimal_limit_is_refused_as_out_of_range_not_thrown(string bid, string ask)
    {
        // Found by the hostile-feed harness: bid + ask overflowed, and the exception cost the rest of the frame's prices.
        _f.Apply("EURUSD", 1.0850m, 1.0852m);

        var result = _f.Apply("EURUSD", decimal.Parse(bid, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(ask, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((PriceApplyOutcome.Rejected, QuoteRejection.OutOfRange), (result.Outcome, result.Rejection));
        Assert.Equal(1.0850m, _f.Book.GetQuote("EURUSD")!.Bid);
        Assert.Equal(1, _f.Book.Statistics.Rejected[QuoteRejection.OutOfRange]);
    }

    [Fact]
    public void A_crossed_quote_is_refused_and_recorded()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m);

        var result = _f.Apply("EURUSD", 1.0860m, null);

        Assert.Equal(QuoteRejection.Crossed, result.Rejection);
        Assert.Equal(1.0850m, _f.Book.GetQuote("EURUSD")!.Bid);
        var snapshot = _f.Snapshot("EURUSD");
        Assert.Equal(QuoteRejection.Crossed, snapshot.LastRejection!.Reason);
        Assert.Equal(1, snapshot.Rejected[(int)QuoteRejection.Crossed]);
    }

    [Fact]
    public void A_spike_is_refused_but_a_confirmed_gap_is_accepted()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m);

        Assert.Equal(QuoteRejection.Jump, _f.Apply("EURUSD", 1.5850m, 1.5852m).Rejection);
        Assert.True(_f.Apply("EURUSD", 1.0851m, 1.0853m).IsAccepted);

        // Three updates in a row at a new level are a real gap, not a bad tick.
        Assert.Equal(QuoteRejection.Jump, _f.Apply("EURUSD", 1.2000m, 1.2002m).Rejection);
        Assert.Equal(QuoteRejection.Jump, _f.Apply("EURUSD", 1.2001m, 1.2003m).Rejection);
        Assert.True(_f.Apply("EURUSD", 1.2002m, 1.2004m).IsAccepted);
    }

    [Fact]
    public void A_jump_after_the_price_went_stale_is_a_fresh_start()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m);
        _f.Time.Advance(TimeSpan.FromSeconds(6));

        Assert.True(_f.Apply("EURUSD", 1.2000m, 1.2002m).IsAccepted);
    }

    [Fact]
    public void Unknown_symbols_are_refused_and_counted()
    {
        var result = _f.Apply("NOPE", 1m, 2m);

        Assert.Equal(QuoteRejection.UnknownSymbol, result.Rejection);
        Assert.Equal(1, _f.Book.Statistics.Rejected[QuoteRejection.UnknownSymbol]);
    }

    [Fact]
    public void Freshness_goes_from_missing_to_fresh_to_stale()
    {
        Assert.Equal(Freshness.Missing, _f.Snapshot("EURUSD").Freshness);

        _f.Apply("EURUSD", 1.0850m, 1.0852m);
        Assert.Equal(Freshness.Fresh, _f.Snapshot("EURUSD").Freshness);
        Assert.True(_f.Book.TryGetFreshQuote("EURUSD", out _, out _));

        _f.Time.Advance(BookFixture.MaxAge + TimeSpan.FromMilliseconds(1));
        var snapshot = _f.Snapshot("EURUSD");
        Assert.Equal(Freshness.Stale, snapshot.Freshness);
        Assert.Equal(BookFixture.MaxAge + TimeSpan.FromMilliseconds(1), snapshot.Age);
        Assert.False(_f.Book.TryGetFreshQuote("EURUSD", out var quote, out var freshness));
        Assert.Equal((Freshness.Stale, 1.0850m), (freshness, quote!.Bid));
    }

    [Fact]
    public void A_warmed_up_price_is_shown_but_missing_until_a_live_one_arrives()
    {
        Assert.True(_f.Book.Warm("EURUSD", 1.0800m, 1.0802m, _f.Time.GetUtcNow(), storedSequence: 41));

        Assert.True(_f.Book.GetQuote("EURUSD")!.IsWarmup);
        Assert.Equal(Freshness.Missing, _f.Snapshot("EURUSD").Freshness);

        // A partial live update must not be completed with the warm-up value.
        Assert.Equal(PriceApplyOutcome.Incomplete, _f.Apply("EURUSD", 1.0850m, null).Outcome);
        var live = _f.Apply("EURUSD", 1.0850m, 1.0852m);
        Assert.Equal(42, live.Quote!.BookSequence);
        Assert.Equal(Freshness.Fresh, _f.Snapshot("EURUSD").Freshness);
        Assert.False(_f.Book.Warm("EURUSD", 1m, 1.1m, _f.Time.GetUtcNow()));
    }

    [Fact]
    public void A_lagging_feeds_older_quote_is_kept_from_the_book_as_the_store_would_refuse_it()
    {
        var t = _f.Time.GetUtcNow();
        _f.Apply("EURUSD", 1.0850m, 1.0852m, feed: "json", sequence: 10, sourceTime: t);
        _f.Time.Advance(TimeSpan.FromMilliseconds(40));

        // The binary feed delivers later a quote the source stamped earlier.
        var late = _f.Apply("EURUSD", 1.0846m, 1.0848m, feed: "binary", sequence: 7, sourceTime: t.AddMilliseconds(-25));

        Assert.Equal(PriceApplyOutcome.Superseded, late.Outcome);
        var snapshot = _f.Snapshot("EURUSD");
        Assert.Equal(("json", 1.0850m), (snapshot.Quote!.Feed, snapshot.Quote.Bid));
        Assert.Equal(1.0846m, snapshot.Feeds.Single(f => f.Feed == "binary").Bid);
        Assert.Equal((1, 1), (snapshot.Superseded, (int)_f.Book.Statistics.Superseded));

        // Once it stamps a newer time, the binary feed's quote is shown.
        var newer = _f.Apply("EURUSD", 1.0851m, 1.0853m, feed: "binary", sequence: 8, sourceTime: t.AddMilliseconds(5));
        Assert.True(newer.IsAccepted);
    }

    [Fact]
    public void A_live_price_older_than_the_stored_one_does_not_replace_the_warm_up()
    {
        var stored = _f.Time.GetUtcNow();
        Assert.True(_f.Book.Warm("EURUSD", 1.0800m, 1.0802m, stored, storedSequence: 41, new PriceVersion(PriceVersion.ToUnixMicros(stored), 900)));

        Assert.Equal(PriceApplyOutcome.Superseded, _f.Apply("EURUSD", 1.0790m, 1.0792m, sequence: 899, sourceTime: stored).Outcome);
        Assert.True(_f.Book.GetQuote("EURUSD")!.IsWarmup);

        Assert.True(_f.Apply("EURUSD", 1.0801m, 1.0803m, sequence: 901, sourceTime: stored).IsAccepted);
        Assert.False(_f.Book.GetQuote("EURUSD")!.IsWarmup);
    }

    [Fact]
    public void A_newer_stored_price_replaces_a_stale_quote_but_never_a_fresh_one()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 5, sourceTime: _f.Time.GetUtcNow());
        var storedLater = _f.Time.GetUtcNow().AddSeconds(1);
        var newer = new PriceVersion(PriceVersion.ToUnixMicros(storedLater), 6);

        Assert.False(_f.Book.Warm("EURUSD", 1.0860m, 1.0862m, storedLater, storedSequence: 9, newer));
        Assert.Equal(1.0850m, _f.Book.GetQuote("EURUSD")!.Bid);

        _f.Time.Advance(BookFixture.MaxAge + TimeSpan.FromSeconds(1));
        var older = new PriceVersion(PriceVersion.ToUnixMicros(storedLater.AddSeconds(-2)), 4);
        Assert.False(_f.Book.Warm("EURUSD", 1.0840m, 1.0842m, storedLater, storedSequence: 9, older));
        Assert.True(_f.Book.Warm("EURUSD", 1.0860m, 1.0862m, storedLater, storedSequence: 9, newer));

        var shown = _f.Book.GetQuote("EURUSD")!;
        Assert.Equal((true, 1.0860m, 9L), (shown.IsWarmup, shown.Bid, shown.BookSequence));

        // A partial live update is completed from live data only, never from the stored value.
        Assert.Equal(PriceApplyOutcome.Incomplete, _f.Apply("EURUSD", 1.0861m, null, feed: "binary", sequence: 7, sourceTime: _f.Time.GetUtcNow()).Outcome);
    }

    [Fact]
    public void When_one_feed_stalls_the_other_keeps_the_symbol_fresh()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, feed: "json");
        _f.Apply("EURUSD", 1.0850m, 1.0852m, feed: "binary");

        for (var i = 0; i < 10; i++)
        {
            _f.Time.Advance(TimeSpan.FromSeconds(1));
            _f.Apply("EURUSD", 1.0850m + (i * 0.0001m), 1.0852m + (i * 0.0001m), feed: "binary");
        }

        var snapshot = _f.Snapshot("EURUSD");
        Assert.Equal(Freshness.Fresh, snapshot.Freshness);
        Assert.Equal("binary", snapshot.Quote!.Feed);
        Assert.Null(snapshot.FeedDivergence); // json's last price is stale, so it is not compared
    }

    [Fact]
    public void Diverging_feeds_are_reported()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, feed: "json");
        _f.Apply("EURUSD", 1.0950m, 1.0952m, feed: "binary");

        var snapshot = _f.Snapshot("EURUSD");

        Assert.True(snapshot.IsDivergent);
        Assert.Equal((1.0951m - 1.0851m) / 1.0851m, snapshot.FeedDivergence);
        Assert.Equal(2, snapshot.Feeds.Count);
    }

    [Fact]
    public void Feeds_that_agree_are_consistent()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, feed: "json");
        _f.Apply("EURUSD", 1.0851m, 1.0853m, feed: "binary");

        Assert.False(_f.Snapshot("EURUSD").IsDivergent);
    }

    [Fact]
    public void Listeners_hear_every_accepted_quote_and_nothing_else()
    {
        var heard = new List<Quote>();
        _f.Book.AddListener(new ListenerSpy(heard));

        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 1);
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 1);
        _f.Apply("EURUSD", 0m, 1.0852m, sequence: 2);
        _f.Apply("EURUSD", 1.0851m, 1.0853m, sequence: 3);

        Assert.Equal([1L, 2L], heard.Select(q => q.BookSequence));
    }

    [Fact]
    public void Each_quote_carries_the_version_the_book_ordered_it_by()
    {
        var update = _f.Update("EURUSD", 1.0850m, 1.0852m, sequence: 42, sourceTime: _f.Time.GetUtcNow().AddMilliseconds(-3));

        var quote = _f.Book.Apply(update).Quote!;
        var stored = _f.Time.GetUtcNow().AddSeconds(-1);
        _f.Book.Warm("XAUUSD", 2650m, 2650.4m, stored, storedSequence: 7);

        Assert.Equal(PriceVersion.Of(update, 1), quote.Version);
        Assert.Equal(new PriceVersion(PriceVersion.ToUnixMicros(update.SourceTime!.Value), 42), quote.Version);
        Assert.Equal(new PriceVersion(PriceVersion.ToUnixMicros(stored), 7), _f.Book.GetQuote("XAUUSD")!.Version);
    }

    [Fact]
    public void The_snapshot_lists_every_known_symbol_in_order()
    {
        Assert.Equal(["BTCUSD", "EURUSD", "XAUUSD"], _f.Book.Snapshot().Select(s => s.Symbol));
    }

    private sealed class ListenerSpy(List<Quote> heard) : IQuoteListener
    {
        public void OnQuote(Quote quote) => heard.Add(quote);
    }
}
