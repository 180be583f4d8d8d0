using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Tests.Prices;

/// <summary>What a feed's new session, an old other side and a time from the future do to the book.</summary>
public class PriceBookSessionUnitTests
{
    private readonly BookFixture _f = new();

    [Fact]
    public void A_new_sessions_sequence_reset_outranks_the_old_sessions_numbers_at_the_same_source_time()
    {
        // A source stamping whole milliseconds (or coarser) sends many prices with one time; the sequence breaks the tie.
        var at = _f.Time.GetUtcNow();
        Assert.True(_f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 5000, session: 1, sourceTime: at).IsAccepted);

        var first = _f.Apply("EURUSD", 1.0851m, 1.0853m, sequence: 1, session: 2, sourceTime: at);
        var second = _f.Apply("EURUSD", 1.0852m, 1.0854m, sequence: 2, session: 2, sourceTime: at);

        Assert.True(first.IsAccepted);
        Assert.True(second.IsAccepted);
        Assert.True(second.Quote!.Version > first.Quote!.Version);
        Assert.Equal(2, second.Quote.SourceSequence);
        Assert.Equal(1.0852m, _f.Book.GetQuote("EURUSD")!.Bid);
    }

    [Fact]
    public void An_earlier_sessions_late_update_still_loses_after_the_reset()
    {
        var at = _f.Time.GetUtcNow();
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 5000, session: 1, sourceTime: at);
        _f.Apply("EURUSD", 1.0851m, 1.0853m, sequence: 1, session: 2, sourceTime: at);

        Assert.Equal(PriceApplyOutcome.OutOfOrder, _f.Apply("EURUSD", 1.0700m, 1.0702m, sequence: 5001, session: 1, sourceTime: at).Outcome);
        Assert.Equal(1.0851m, _f.Book.GetQuote("EURUSD")!.Bid);
    }

    [Fact]
    public void A_partial_update_is_not_completed_with_an_other_side_older_than_max_quote_age()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 1);
        _f.Time.Advance(BookFixture.MaxAge + TimeSpan.FromSeconds(1));

        var result = _f.Apply("EURUSD", 1.0950m, null, sequence: 2);

        Assert.Equal((PriceApplyOutcome.Incomplete, IncompleteReason.StaleOtherSide), (result.Outcome, result.Incompletion));
        Assert.Equal(1.0850m, _f.Book.GetQuote("EURUSD")!.Bid);
        Assert.Equal((1, 1L), ((int)_f.Book.Statistics.IncompleteStaleSide, _f.Snapshot("EURUSD").IncompleteStaleSide));

        // The full quote that follows is taken; its bid then completes a young ask.
        Assert.True(_f.Apply("EURUSD", 1.0950m, 1.0952m, sequence: 3).IsAccepted);
        Assert.True(_f.Apply("EURUSD", null, 1.0953m, sequence: 4).IsAccepted);
    }

    [Fact]
    public void The_age_of_a_side_is_its_own_not_reset_by_completing_the_other()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 1);

        // Only bids, each completed with the ask from the start, until that ask is older than MaxQuoteAge.
        _f.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_f.Apply("EURUSD", 1.0851m, null, sequence: 2).IsAccepted);
        _f.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_f.Apply("EURUSD", 1.0849m, null, sequence: 3).IsAccepted);
        _f.Time.Advance(TimeSpan.FromSeconds(2));
        var late = _f.Apply("EURUSD", 1.0848m, null, sequence: 4);

        Assert.Equal((PriceApplyOutcome.Incomplete, IncompleteReason.StaleOtherSide), (late.Outcome, late.Incompletion));

        // The stale ask is dropped, not kept for later.
        Assert.Equal(IncompleteReason.NoOtherSide, _f.Apply("EURUSD", 1.0847m, null, sequence: 5).Incompletion);
    }

    [Fact]
    public void A_partial_update_is_not_completed_with_an_other_side_of_an_earlier_session_or_feed()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 7, session: 1);
        _f.Apply("EURUSD", 1.0851m, 1.0853m, feed: "binary", sequence: 8);

        var result = _f.Apply("EURUSD", 1.0852m, null, sequence: 1, session: 2);

        Assert.Equal((PriceApplyOutcome.Incomplete, IncompleteReason.StaleOtherSide), (result.Outcome, result.Incompletion));
        Assert.Equal("binary", _f.Book.GetQuote("EURUSD")!.Feed);
        Assert.True(_f.Apply("EURUSD", null, 1.0854m, sequence: 2, session: 2).IsAccepted);
    }

    [Fact]
    public void The_jump_check_applies_to_a_completed_quote()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 1);
        _f.Time.Advance(TimeSpan.FromSeconds(1));

        // One side far off completes to a quote whose mid jumped: refused like a full one.
        var result = _f.Apply("EURUSD", null, 1.2000m, sequence: 2);

        Assert.Equal((PriceApplyOutcome.Rejected, QuoteRejection.Jump), (result.Outcome, result.Rejection));
        Assert.Equal(1.0852m, _f.Book.GetQuote("EURUSD")!.Ask);
    }

    [Fact]
    public void A_stored_version_from_the_future_is_not_warmed_up()
    {
        var year2100 = new PriceVersion(PriceVersion.ToUnixMicros(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero)), 1);

        Assert.False(_f.Book.Warm("EURUSD", 1.0850m, 1.0852m, _f.Time.GetUtcNow(), 3, year2100));
        Assert.Null(_f.Book.GetQuote("EURUSD"));
        Assert.True(_f.Apply("EURUSD", 1.0860m, 1.0862m, sequence: 1, sourceTime: _f.Time.GetUtcNow()).IsAccepted);
    }
}
