namespace Tickwatch.Gateway.Forensics;

/// <summary>One user's rings, one per symbol it was shown, and when it was last shown anything.</summary>
/// <remarks>Its lock guards the set of rings only (a ring's first price, a query, a sweep), never a price's recording.</remarks>
internal sealed class ShownUser(string account)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ShownPriceRing> _rings = new(StringComparer.Ordinal);
    private long _lastActiveTicks;
    private bool _forgotten;

    /// <summary>The account, <c>live:42</c>.</summary>
    public string Account => account;

    /// <summary>UTC ticks of the last price recorded for this user: the least recently active are forgotten first.</summary>
    public long LastActiveTicks => Volatile.Read(ref _lastActiveTicks);

    // Written by each price of the user's connections: a plain store, as the order of two near-simultaneous ones does not matter.
    public void Touch(long ticks) => Volatile.Write(ref _lastActiveTicks, ticks);

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
}
