using CsCheck;
using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Tests.Prices;

public class PriceBookPropertyUnitTests
{
    // Small moves around 1.0850 so that valid updates never trip the jump check.
    private static readonly Gen<decimal> Price = Gen.Int[10_800, 10_900].Select(p => p / 10_000m);

    private static readonly Gen<(decimal Bid, decimal Spread)> ValidQuote =
        Gen.Select(Price, Gen.Int[0, 30].Select(s => s / 100_000m));

    [Fact]
    public void Any_shuffle_of_a_feed_ends_with_its_newest_quote()
    {
        Gen.Select(ValidQuote.Array[1, 60], Gen.Int)
            .Sample((quotes, seed) =>
            {
                var f = new BookFixture();
                var order = Enumerable.Range(0, quotes.Length).ToArray();
                new Random(seed).Shuffle(order);
                foreach (var i in order)
                {
                    f.Apply("EURUSD", quotes[i].Bid, quotes[i].Bid + quotes[i].Spread, sequence: i + 1);
                }

                var last = quotes[^1];
                var quote = f.Book.GetQuote("EURUSD");
                return quote is not null && quote.Bid == last.Bid && quote.Ask == last.Bid + last.Spread
                    && quote.SourceSequence == quotes.Length;
            });
    }

    [Fact]
    public void Interleaved_feeds_end_with_the_last_valid_arrival()
    {
        Gen.Select(ValidQuote, Gen.Int[0, 2]).Array[1, 80]
            .Sample(updates =>
            {
                var f = new BookFixture();
                foreach (var ((bid, spread), feed) in updates)
                {
                    f.Time.Advance(TimeSpan.FromMilliseconds(1));
                    f.Apply("EURUSD", bid, bid + spread, feed: $"feed{feed}");
                }

                var ((lastBid, lastSpread), lastFeed) = updates[^1];
                var quote = f.Book.GetQuote("EURUSD")!;
                return quote.Bid == lastBid && quote.Ask == lastBid + lastSpread && quote.Feed == $"feed{lastFeed}";
            });
    }

    [Fact]
    public void The_shown_quote_never_goes_back_in_version_whatever_order_feeds_deliver_in()
    {
        // Two feeds with their own sequences and source clocks, delivered in any order: the book's version only rises,
        // so the store (which refuses anything not newer) always ends holding what the book shows.
        var update = Gen.Select(ValidQuote, Gen.Int[0, 1], Gen.Int[0, 200], Gen.Int[1, 1_000]);
        update.Array[1, 80]
            .Sample(updates =>
            {
                var f = new BookFixture();
                var start = f.Time.GetUtcNow();
                var shown = PriceVersion.Zero;
                foreach (var ((bid, spread), feed, sourceMs, sequence) in updates)
                {
                    f.Time.Advance(TimeSpan.FromMilliseconds(1));
                    f.Apply("EURUSD", bid, bid + spread, feed: $"feed{feed}", sequence: sequence, sourceTime: start.AddMilliseconds(sourceMs));
                    var version = f.Book.GetQuote("EURUSD")!.Version;
                    if (version < shown)
                    {
                        return false;
                    }

                    shown = version;
                }

                return true;
            });
    }

    [Fact]
    public void Invalid_or_partial_updates_never_produce_a_zero_negative_or_crossed_quote()
    {
        var side = Gen.Frequency(
            (6, Price.Select(p => (decimal?)p)),
            (2, Gen.Const((decimal?)null)),
            (1, Gen.Const((decimal?)0m)),
            (1, Gen.Int[-5, 5].Select(p => (decimal?)(p / 10m))),
            (1, Price.Select(p => (decimal?)(p * 10m))));
        Gen.Select(side, side, Gen.Int[0, 1], Gen.Bool).Array[1, 100]
            .Sample(updates =>
            {
                var f = new BookFixture();
                var sequences = new long[2];
                long lastBookSequence = 0;
                foreach (var (bid, ask, feed, sequenced) in updates)
                {
                    var result = f.Apply("EURUSD", bid, ask, feed: $"feed{feed}", sequence: sequenced ? ++sequences[feed] : null);
                    var quote = f.Book.GetQuote("EURUSD");
                    if (quote is null)
                    {
                        continue;
                    }

                    if (quote.Bid <= 0m || quote.Ask <= 0m || quote.Bid > quote.Ask || quote.BookSequence < lastBookSequence)
                    {
                        return false;
                    }

                    // An accepted side is the update's own side, or a side the book already knew.
                    if (result.IsAccepted && ((bid is { } b && quote.Bid != b) || (ask is { } a && quote.Ask != a)))
                    {
                        return false;
                    }

                    lastBookSequence = quote.BookSequence;
                }

                return true;
            });
    }
}
