using System.Runtime.CompilerServices;

namespace Tickwatch.Gateway.Forensics;

/// <summary>One user's rings, one per symbol it was shown, and when it was last shown anything.</summary>
/// <remarks>
/// Two locks: the set of rings has a lock object (a ring's first price, a query, a sweep); the rings' contents have the
/// recording lock, a word of this object (<see cref="Enter"/>), which a stream connection takes once per message. Taking
/// it is one compare-exchange and releasing it a plain store: recording is bound by memory, and a fence per price
/// would fetch a message's rings one after the other instead of together.
/// </remarks>
internal sealed class ShownUser(string account)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ShownPriceRing> _rings = new(StringComparer.Ordinal);
    private long _lastActiveTicks;
    private int _recording;
    private bool _forgotten;

    /// <summary>The account, <c>live:42</c>.</summary>
    public string Account => account;

    /// <summary>UTC ticks of the last price recorded for this user: the least recently active are forgotten first.</summary>
    public long LastActiveTicks => Volatile.Read(ref _lastActiveTicks);

    // Written by each price of the user's connections: a plain store, as the order of two near-simultaneous ones does not matter.
    public void Touch(long ticks) => Volatile.Write(ref _lastActiveTicks, ticks);

    /// <summary>Takes the recording lock, which guards the contents of every ring of this user.</summary>
    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _recording, 1, 0) != 0)
        {
            EnterContended();
        }
    }

    public void Exit() => Volatile.Write(ref _recording, 0);

    /// <summary>The ring of <paramref name="symbol"/>, added when new (<paramref name="added"/>); null once the user is forgotten.</summary>
    public ShownPriceRing? GetOrAdd(string symbol, int capacity, out bool added)
    {
        added = false;
        lock (_gate)
        {
            if (_forgotten)
            {
                return null;
            }

            if (!_rings.TryGetValue(symbol, out var ring))
            {
                ring = new ShownPriceRing(this, symbol, capacity);
                _rings.Add(symbol, ring);
                added = true;
            }

            return ring;
        }
    }

    /// <summary>The ring of <paramref name="symbol"/>, or null when the user was never shown it.</summary>
    public ShownPriceRing? Find(string symbol)
    {
        lock (_gate)
        {
            return _rings.GetValueOrDefault(symbol);
        }
    }

    /// <summary>The rings now.</summary>
    public ShownPriceRing[] Rings()
    {
        lock (_gate)
        {
            return [.. _rings.Values];
        }
    }

    /// <summary>Takes the user out of use (no ring is added after) and returns its rings.</summary>
    public ShownPriceRing[] Forget()
    {
        lock (_gate)
        {
            _forgotten = true;
            return [.. _rings.Values];
        }
    }

    // Two connections of one user recording at the same instant: rare, and the holder is out within a message's prices.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterContended()
    {
        var spin = default(SpinWait);
        do
        {
            spin.SpinOnce();
        }
        while (Volatile.Read(ref _recording) != 0 || Interlocked.CompareExchange(ref _recording, 1, 0) != 0);
    }
}
