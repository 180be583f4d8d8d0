using System.Diagnostics;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Prices;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The price source: one thread offering quotes round-robin over the symbols at a fixed rate, in 1 ms slots, each stamped
/// with its receipt time (the clock the clients measure against), remembering the newest quote of each symbol.
/// </summary>
internal sealed class QuotePacer(IQuoteListener listener, string[] symbols, double ratePerSecond)
{
    // Prices cycle through 1,000 steps made once, so the source spends its CPU on offering, not on decimal arithmetic.
    private static readonly decimal[] Bids = [.. Enumerable.Range(0, 1000).Select(i => 1.1000m + (i / 100_000m))];
    private static readonly decimal[] Asks = [.. Enumerable.Range(0, 1000).Select(i => 1.1003m + (i / 100_000m))];

    private readonly Quote?[] _newest = new Quote?[symbols.Length];
    private volatile bool _stopping;
    private long _offered;
    private TimeSpan? _threadCpu;

    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>CPU time of the pacer thread once it has stopped (null where the kernel does not tell).</summary>
    public TimeSpan? ThreadCpu => _threadCpu;

    public IReadOnlyList<Quote?> Newest => _newest;

    public void Stop() => _stopping = true;

    /// <summary>Offers until <see cref="Stop"/>; <paramref name="firstSequence"/> continues the book sequence of an earlier run.</summary>
    public void Run(long firstSequence)
    {
        var cpuBefore = ProcFiles.ThreadCpu();
        var started = Stopwatch.GetTimestamp();
        var sequence = firstSequence;
        var next = 0;
        long offered = 0;
        while (!_stopping)
        {
            // What the rate owes by now, then about a millisecond's sleep: bursts of rate/1000 as a feed's frames bring them.
            var owed = (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * ratePerSecond) - offered;
            for (var n = 0; n < owed; n++)
            {
                sequence++;
                var receivedAt = DateTimeOffset.UtcNow;
                var quote = new Quote
                {
                    Symbol = symbols[next],
                    Bid = Bids[sequence % 1000],
                    Ask = Asks[sequence % 1000],
                    Feed = "harness",
                    ReceivedAt = receivedAt,
                    BookSequence = sequence,
                    Version = PriceVersion.Of(null, receivedAt, null, sequence),
                };
                listener.OnQuote(quote);
                _newest[next] = quote;
                next = next + 1 == symbols.Length ? 0 : next + 1;
            }

            offered += Math.Max(0, owed);
            Interlocked.Exchange(ref _offered, offered);
            Thread.Sleep(1);
        }

        _threadCpu = ProcFiles.ThreadCpu() - cpuBefore;
        LastSequence = sequence;
    }

    public long LastSequence { get; private set; }
}
