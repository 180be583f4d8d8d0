using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Tests.Prices;

/// <summary>Prices another instance stored, taken into the book: newer only, marked, with the writer's age and book sequence.</summary>
public sealed class PriceBookReplicationUnitTests
{
    private readonly BookFixture _f = new();
    private readonly List<Quote> _heard = [];

    public PriceBookReplicationUnitTests()
    {
        _f.Book.AddListener(new ListenerSpy(_heard));
    }

    [Fact]
    public void A_newer_replicated_price_is_taken_marked_and_told_to_listeners_with_the_writers_receipt_time()
    {
        var receivedAt = _f.Time.GetUtcNow().AddMilliseconds(-40);

        var quote = _f.Book.ApplyReplicated(Replicated(1.0850m, receivedAt, bookSequence: 120));

        Assert.NotNull(quote);
        Assert.True(quote.IsReplicated);
        Assert.False(quote.IsWarmup);
        Assert.Equal(receivedAt, quote.ReceivedAt);
        Assert.Equal("json", quote.Feed);
        Assert.Equal(120, quote.BookSequence);
        Assert.Same(quote, Assert.Single(_heard));
        Assert.True(_f.Book.TryGetFreshQuote("EURUSD", out _, out _));
        Assert.Equal(1, _f.Book.Replicated);
    }

    [Fact]
    public void A_replicated_price_not_newer_than_the_books_is_dropped()
    {
        var now = _f.Time.GetUtcNow();
        _f.Book.ApplyReplicated(Replicated(1.0850m, now, bookSequence: 5));

        var echo = _f.Book.ApplyReplicated(Replicated(1.0850m, now, bookSequence: 5));
        var older = _f.Book.ApplyReplicated(Replicated(1.0840m, now.AddMilliseconds(-1), bookSequence: 4));

        Assert.Null(echo);
        Assert.Null(older);
        Assert.Single(_heard);
        Assert.Equal(1.0850m, _f.Book.GetQuote("EURUSD")!.Bid);
    }

    [Fact]
    public void The_book_sequence_continues_from_the_larger_of_its_own_and_the_replicated_one()
    {
        _f.Apply("EURUSD", 1.0850m, 1.0852m, sequence: 1);
        _f.Time.Advance(TimeSpan.FromMilliseconds(10));
        _f.Book.ApplyReplicated(Replicated(1.0851m, _f.Time.GetUtcNow(), bookSequence: 900));
        _f.Time.Advance(TimeSpan.FromMilliseconds(10));

        var live = _f.Apply("EURUSD", 1.0852m, 1.0854m, sequence: 2);

        Assert.Equal(PriceApplyOutcome.Accepted, live.Outcome);
        Assert.Equal(901, live.Quote!.BookSequence);
        Assert.False(live.Quote.IsReplicated);
    }

    [Fact]
    public void A_replicated_price_with_a_version_from_the_future_or_crossed_sides_is_refused()
    {
        var future = _f.Time.GetUtcNow().AddHours(1);

        Assert.Null(_f.Book.ApplyReplicated(Replicated(1.0850m, future, bookSequence: 1)));
        Assert.Null(_f.Book.ApplyReplicated(Replicated(1.0850m, _f.Time.GetUtcNow(), bookSequence: 1) with { Ask = 1.0800m }));
        Assert.Empty(_heard);
    }

    private static Quote Replicated(decimal bid, DateTimeOffset receivedAt, long bookSequence) => new()
    {
        Symbol = "EURUSD",
        Bid = bid,
        Ask = bid + 0.0002m,
        Feed = "json",
        ReceivedAt = receivedAt,
        BookSequence = bookSequence,
        Version = PriceVersion.Of(null, receivedAt, null, bookSequence),
    };

    private sealed class ListenerSpy(List<Quote> heard) : IQuoteListener
    {
        public void OnQuote(Quote quote) => heard.Add(quote);
    }
}
