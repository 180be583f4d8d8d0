using System.Collections.Concurrent;
using System.Diagnostics;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.TradingHarness;

/// <summary>
/// The measurement, in the market process: takes a price update as the book accepts it (every so often, one symbol at a
/// time) and times it from its receipt (<see cref="Quote.ReceivedAt"/>, the moment its frame was read off the feed's
/// socket) until every account holding a position in the symbol has a portfolio acknowledged by the store that was
/// valued at that price or a newer one and carries a margin level.
/// </summary>
/// <remarks>
/// It is the book's first listener (registered before the market's own), so a sample exists before the calculator can
/// take its quote. Writes are seen through <see cref="WatchedPortfolioStore"/> once the store has acknowledged them (the
/// Redis reply comes after the write script ran on the master), so the figure is what a reader of the store could see, not
/// the calculator's own timer. A portfolio tells the price it was valued at by its quote sequences.
/// </remarks>
internal sealed class HolderWatch(TimeProvider time) : IQuoteListener
{
    private readonly ConcurrentDictionary<string, Sample> _active = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, AccountId[]> _holders = new Dictionary<string, AccountId[]>(StringComparer.Ordinal);
    private volatile bool _sampling;
    private long _intervalTicks;
    private long _nextSampleAt;
    private LatencyHistogram _allHolders = new();
    private LatencyHistogram _eachHolder = new();
    private long _started;
    private long _completed;
    private long _writesSeen;
    private long _degradedWrites;

    /// <summary>The accounts holding a position in each symbol, as the set-up opened them.</summary>
    public void SetHolders(IReadOnlyDictionary<string, AccountId[]> holders) => _holders = holders;

    /// <summary>Forgets every sample and figure, then samples a price update every <paramref name="interval"/>.</summary>
    public void Start(TimeSpan interval)
    {
        _sampling = false;
        _active.Clear();
        _allHolders = new LatencyHistogram();
        _eachHolder = new LatencyHistogram();
        Interlocked.Exchange(ref _started, 0);
        Interlocked.Exchange(ref _completed, 0);
        Interlocked.Exchange(ref _writesSeen, 0);
        Interlocked.Exchange(ref _degradedWrites, 0);
        Interlocked.Exchange(ref _intervalTicks, (long)(interval.TotalSeconds * Stopwatch.Frequency));
        Interlocked.Exchange(ref _nextSampleAt, Stopwatch.GetTimestamp());
        _sampling = true;
    }

    /// <summary>Takes no new sample, waits up to <paramref name="settle"/> for those in flight, and says what was measured.</summary>
    public async Task<WatchFigures> StopAsync(TimeSpan settle)
    {
        _sampling = false;
        var stopped = Stopwatch.GetTimestamp();
        while (!_active.IsEmpty && Stopwatch.GetElapsedTime(stopped) < settle)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        var unfinished = _active.Values.ToList();
        _active.Clear();
        var all = _allHolders;
        var each = _eachHolder;
        return new WatchFigures(
            Interlocked.Read(ref _started),
            Interlocked.Read(ref _completed),
            unfinished.Count,
            unfinished.Count == 0 ? 0 : unfinished.Max(s => (now - s.ReceivedAt).TotalMilliseconds),
            unfinished.Sum(s => s.PendingCount),
            (int)Math.Round(_holders.Values.Select(h => h.Length).DefaultIfEmpty(0).Average()),
            LatencyFigures.Of(all),
            LatencyFigures.Of(each),
            Interlocked.Read(ref _writesSeen),
            Interlocked.Read(ref _degradedWrites));
    }

    public void OnQuote(Quote quote)
    {
        if (!_sampling || quote.IsWarmup)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var due = Volatile.Read(ref _nextSampleAt);
        if (now < due || _active.ContainsKey(quote.Symbol) || !_holders.TryGetValue(quote.Symbol, out var holders) || holders.Length == 0)
        {
            return;
        }

        // One feed thread takes the slot; another arriving at the same instant leaves it.
        if (Interlocked.CompareExchange(ref _nextSampleAt, now + Interlocked.Read(ref _intervalTicks), due) != due)
        {
            return;
        }

        _active[quote.Symbol] = new Sample(quote.BookSequence, quote.ReceivedAt, holders);
        Interlocked.Increment(ref _started);
    }

    /// <summary>Told of each portfolio the store acknowledged.</summary>
    public void Written(AccountPortfolio portfolio)
    {
        Interlocked.Increment(ref _writesSeen);
        if (portfolio.IsDegraded)
        {
            Interlocked.Increment(ref _degradedWrites);
            return;
        }

        if (portfolio.MarginLevel is null || _active.IsEmpty)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var (symbol, sequence) in portfolio.QuoteSequences)
        {
            if (!_active.TryGetValue(symbol, out var sample) || sequence < sample.Sequence || !sample.Reached(portfolio.Account, out var last))
            {
                continue;
            }

            var latency = now - sample.ReceivedAt;
            _eachHolder.Record(latency);
            if (last && _active.TryRemove(new KeyValuePair<string, Sample>(symbol, sample)))
            {
                _allHolders.Record(latency);
                Interlocked.Increment(ref _completed);
            }
        }
    }

    /// <summary>One sampled price update and the holders whose stored portfolio does not show it yet.</summary>
    private sealed class Sample(long sequence, DateTimeOffset receivedAt, AccountId[] holders)
    {
        private readonly HashSet<AccountId> _pending = [.. holders];

        public long Sequence { get; } = sequence;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public int PendingCount
        {
            get
            {
                lock (_pending)
                {
                    return _pending.Count;
                }
            }
        }

        /// <summary>True when <paramref name="account"/> was still pending; <paramref name="last"/> when it was the last one.</summary>
        public bool Reached(AccountId account, out bool last)
        {
            lock (_pending)
            {
                var removed = _pending.Remove(account);
                last = removed && _pending.Count == 0;
                return removed;
            }
        }
    }
}
