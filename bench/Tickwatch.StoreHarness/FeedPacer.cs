using System.Diagnostics;
using Tickwatch.Core.Prices;

namespace Tickwatch.StoreHarness;

/// <summary>One simulated feed thread: offers quotes round-robin over its symbols at a fixed rate, in 1 ms slots, and remembers the newest quote of each.</summary>
internal sealed class FeedPacer(IQuoteListener listener, string[] symbols, int feed, int feeds, double ratePerSecond, TimeProvider time)
{
    private const int ReceivedAtRefresh = 16;

    // Prices cycle through 1,000 steps, made once: decimal arithmetic per quote would take CPU from what is measured.
    private static readonly decimal[] Bids = [.. Enumerable.Range(0, 1000).Select(i => 1.1000m + (i / 100_000m))];
    private static readonly decimal[] Asks = [.. Enumerable.Range(0, 1000).Select(i => 1.1002m + (i / 100_000m))];

    private readonly Quote?[] _newest = new Quote?[symbols.Length];
    private long _offered;
    private long _sequence;

    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>The newest quote offered for each of this feed's symbols (index as in the symbol list; null for another feed's symbol).</summary>
    public IReadOnlyList<Quote?> Newest => _newest;

    public void Run(TimeSpan duration)
    {
        // Each feed owns every feeds-th symbol, as a feed would own its instruments.
        var mine = Enumerable.Range(0, symbols.Length).Where(i => i % feeds == feed).ToArray();
        var perSecond = ratePerSecond / feeds;
        var started = Stopwatch.GetTimestamp();
        var next = 0;
        long offered = 0;
        while (Stopwatch.GetElapsedTime(started) is var elapsed && elapsed < duration)
        {
            // Offer what the rate owes by now, then sleep about a millisecond: bursts of rate/1000, as a feed's frames
            // would bring them, and no spinning that would take a core from Redis and the writer.
            var count = (long)(elapsed.TotalSeconds * perSecond) - offered;
            var receivedAt = time.GetUtcNow();
            for (var n = 0; n < count; n++)
            {
                // A burst the thread owes after being held off the CPU takes a while to offer: its time is read as
                // it goes, as a socket read would stamp it, so the writer is not charged for the feed's own lag.
                if ((n & (ReceivedAtRefresh - 1)) == ReceivedAtRefresh - 1)
                {
                    receivedAt = time.GetUtcNow();
                }

                var index = mine[next];
                next = next + 1 == mine.Length ? 0 : next + 1;
                var sequence = ++_sequence;
                var quote = new Quote
                {
                    Symbol = symbols[index],
                    Bid = Bids[sequence % 1000],
                    Ask = Asks[sequence % 1000],
                    Feed = "harness",
                    ReceivedAt = receivedAt,
                    BookSequence = sequence,
                    Version = PriceVersion.Of(null, receivedAt, null, sequence),
                };
                listener.OnQuote(quote);
                _newest[index] = quote;
            }

            offered += Math.Max(0, count);
            Interlocked.Exchange(ref _offered, offered);
            Thread.Sleep(1);
        }
    }
}
