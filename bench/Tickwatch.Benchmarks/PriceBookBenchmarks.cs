using BenchmarkDotNet.Attributes;
using Tickwatch.Core.Prices;

namespace Tickwatch.Benchmarks;

/// <summary>The book's hot path: one accepted two-sided update, told to one listener, as a feed thread applies it.</summary>
public class PriceBookBenchmarks
{
    private readonly CountingListener _listener = new();
    private PriceBook _book = null!;
    private PriceUpdate[] _updates = null!;
    private long _sequence;
    private int _next;

    /// <summary>One update per call; named so the updates-per-second column reads it.</summary>
    [Params(1)]
    public int PricesPerFrame { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _book = new PriceBook(BenchmarkFrames.Registry(), TimeProvider.System);
        _book.AddListener(_listener);
        var prices = BenchmarkFrames.Prices(256, new Random(11));
        _updates = [.. prices.Select(p => new PriceUpdate { Symbol = p.Symbol, Bid = p.Bid, Ask = p.Ask, Feed = "bench", FeedSession = 1, ReceivedAt = DateTimeOffset.UnixEpoch })];
        for (var i = 0; i < 1024; i++)
        {
            if (Apply() != PriceApplyOutcome.Accepted)
            {
                throw new InvalidOperationException("Every benchmark update must be accepted.");
            }
        }
    }

    [Benchmark]
    public PriceApplyOutcome Apply()
    {
        // Every update is newer than the last by its source sequence, so each is accepted and told to the listener.
        var update = _updates[_next++ & 255] with { SourceSequence = ++_sequence };
        return _book.Apply(update).Outcome;
    }

    private sealed class CountingListener : IQuoteListener
    {
        public long Heard { get; private set; }

        public void OnQuote(Quote quote) => Heard++;
    }
}
