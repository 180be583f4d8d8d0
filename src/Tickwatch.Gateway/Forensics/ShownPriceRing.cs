namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// What one user was shown of one symbol: a ring of <see cref="ShownEntry"/>, the newest kept, allocated at its first
/// price and grown by doubling up to its capacity. Several connections of the user may write it at once: a lock of its
/// own, held for a copy of 48 bytes, so users never wait on each other.
/// </summary>
internal sealed class ShownPriceRing
{
    private const int FirstCapacity = 16;

    private readonly Lock _gate = new();
    private readonly int _capacity;
    private ShownEntry[] _entries = [];

    // Two decimals per slot, for the rare price whose mantissa does not fit an entry; null until one comes.
    private decimal[]? _wide;
    private int _start;
    private int _count;
    private long _recorded;
    private long _evictedCap;
    private long _evictedWindow;
    private bool _forgotten;

    public ShownPriceRing(ShownUser owner, string symbol, int capacity)
    {
        Owner = owner;
        Symbol = symbol;
        _capacity = capacity;
    }

    public ShownUser Owner { get; }

    public string Symbol { get; }

    /// <summary>Entries held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Entries ever written here.</summary>
    public long Recorded => Volatile.Read(ref _recorded);

    /// <summary>Entries pushed out by a newer one at the capacity.</summary>
    public long EvictedCap => Volatile.Read(ref _evictedCap);

    /// <summary>Entries dropped for being older than the window.</summary>
    public long EvictedWindow => Volatile.Read(ref _evictedWindow);

    /// <summary>This ring's bytes by the log's accounting: its slots, its side array and its overhead.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return BytesHeld();
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="entry"/> (its prices in <paramref name="bid"/> and <paramref name="ask"/> when it is
    /// <see cref="ShownEntry.Wide"/>), first dropping entries sent before <paramref name="windowStartTicks"/>; false when
    /// the ring was forgotten (its user left the log), so the caller looks its ring up again.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <param name="bid">The bid of a wide entry.</param>
    /// <param name="ask">The ask of a wide entry.</param>
    /// <param name="windowStartTicks">UTC ticks before which an entry is out of the window.</param>
    /// <param name="grownBytes">Bytes this ring took on (it grew), for the log's accounting.</param>
    public bool Add(in ShownEntry entry, decimal bid, decimal ask, long windowStartTicks, out long grownBytes)
    {
        grownBytes = 0;
        lock (_gate)
        {
            if (_forgotten)
            {
                return false;
            }

            ExpireBefore(windowStartTicks);
            var length = _entries.Length;
            if (_count == length)
            {
                if (length < _capacity)
                {
                    grownBytes = Grow(Math.Min(length == 0 ? FirstCapacity : length * 2, _capacity));
                    length = _entries.Length;
                }
                else
                {
                    _start = _start + 1 == length ? 0 : _start + 1;
                    _count--;
                    _evictedCap++;
                }
            }

            var slot = _start + _count;
            if (slot >= length)
            {
                slot -= length;
            }

            _entries[slot] = entry;
            if ((entry.Flags & ShownEntry.Wide) != 0)
            {
                if (_wide is null)
                {
                    _wide = new decimal[length * 2];
                    grownBytes += WideBytes(_wide.Length);
                }

                _wide[slot * 2] = bid;
                _wide[(slot * 2) + 1] = ask;
            }

            _count++;
            _recorded++;
        }

        return true;
    }

    /// <summary>Drops the entries sent before <paramref name="windowStartTicks"/>.</summary>
    public void Expire(long windowStartTicks)
    {
        lock (_gate)
        {
            ExpireBefore(windowStartTicks);
        }
    }

    /// <summary>
    /// The entries held that were sent from <paramref name="fromTicks"/> to <paramref name="toTicks"/> (after dropping
    /// those out of the window), in the order written, and when the oldest one held was sent (null when none is).
    /// </summary>
    public long? Read(long fromTicks, long toTicks, long windowStartTicks, List<ShownEntryCopy> into)
    {
        lock (_gate)
        {
            ExpireBefore(windowStartTicks);
            long? oldest = null;
            var length = _entries.Length;
            for (var i = 0; i < _count; i++)
            {
                var slot = _start + i < length ? _start + i : _start + i - length;
                ref readonly var entry = ref _entries[slot];
                oldest = oldest is { } o && o <= entry.SentAtTicks ? o : entry.SentAtTicks;
                if (entry.SentAtTicks < fromTicks || entry.SentAtTicks > toTicks)
                {
                    continue;
                }

                var wide = (entry.Flags & ShownEntry.Wide) != 0;
                into.Add(new ShownEntryCopy(
                    entry,
                    wide ? _wide![slot * 2] : ShownEntry.Join(entry.BidMantissa, entry.BidScale),
                    wide ? _wide![(slot * 2) + 1] : ShownEntry.Join(entry.AskMantissa, entry.AskScale)));
            }

            return oldest;
        }
    }

    /// <summary>Takes the ring out of use: later adds fail. Returns what it held and counted, for the log's totals.</summary>
    public ShownRingTotals Forget()
    {
        lock (_gate)
        {
            _forgotten = true;
            return new ShownRingTotals(_count, _recorded, _evictedCap, _evictedWindow, BytesHeld());
        }
    }

    private static long WideBytes(int decimals) => (decimals * 16L) + ShownPriceLog.ArrayOverheadBytes;

    private long BytesHeld() =>
        ShownPriceLog.RingOverheadBytes
        + (_entries.Length == 0 ? 0 : ((long)_entries.Length * ShownPriceLog.BytesPerEntry) + ShownPriceLog.ArrayOverheadBytes)
        + (_wide is null ? 0 : WideBytes(_wide.Length));

    private void ExpireBefore(long windowStartTicks)
    {
        // Oldest first; entries of two connections of the user may interleave by microseconds, which only delays a drop.
        while (_count > 0 && _entries[_start].SentAtTicks < windowStartTicks)
        {
            _start = _start + 1 == _entries.Length ? 0 : _start + 1;
            _count--;
            _evictedWindow++;
        }
    }

    private long Grow(int capacity)
    {
        var before = BytesHeld();
        var entries = new ShownEntry[capacity];
        var wide = _wide is null ? null : new decimal[capacity * 2];
        for (var i = 0; i < _count; i++)
        {
            var slot = _start + i < _entries.Length ? _start + i : _start + i - _entries.Length;
            entries[i] = _entries[slot];
            if (wide is not null)
            {
                wide[i * 2] = _wide![slot * 2];
                wide[(i * 2) + 1] = _wide[(slot * 2) + 1];
            }
        }

        _entries = entries;
        _wide = wide;
        _start = 0;
        return BytesHeld() - before;
    }
}
