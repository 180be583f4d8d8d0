using System.Collections.Concurrent;
using System.Diagnostics;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>A sink that keeps every update it is given, with the (real) time it got each, and can be told to throw.</summary>
internal sealed class RecordingSink : IPriceUpdateSink
{
    private readonly ConcurrentQueue<(PriceUpdate Update, long Timestamp)> _received = new();
    private readonly ConcurrentQueue<(string Feed, long Session, int UpdatesBefore)> _sessions = new();
    private readonly ConcurrentQueue<TradePrint> _trades = new();
    private int _calls;

    /// <summary>Given the 1-based call number, whether that call throws.</summary>
    public Func<int, bool> ThrowOnCall { get; set; } = _ => false;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<PriceUpdate> Updates => [.. _received.Select(r => r.Update)];

    /// <summary>Updates with the <see cref="Stopwatch"/> timestamp at which the sink received them.</summary>
    public IReadOnlyList<(PriceUpdate Update, long Timestamp)> Timed => [.. _received];

    public int Count => _received.Count;

    /// <summary>Every trade the listener delivered, in order.</summary>
    public IReadOnlyList<TradePrint> Trades => [.. _trades];

    public void OnTrades(ReadOnlySpan<TradePrint> trades)
    {
        foreach (var trade in trades)
        {
            _trades.Enqueue(trade);
        }
    }

    /// <summary>Every session start the listener announced, with how many updates had arrived before it.</summary>
    public IReadOnlyList<(string Feed, long Session, int UpdatesBefore)> Sessions => [.. _sessions];

    public void OnSessionStarted(string feed, long session) => _sessions.Enqueue((feed, session, _received.Count));

    public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
    {
        var call = Interlocked.Increment(ref _calls);
        if (ThrowOnCall(call))
        {
            throw new InvalidOperationException($"test sink refused call {call}");
        }

        var now = Stopwatch.GetTimestamp();
        foreach (var update in updates)
        {
            _received.Enqueue((update, now));
        }
    }
}
