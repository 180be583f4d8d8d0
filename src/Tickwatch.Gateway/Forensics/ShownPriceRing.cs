using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// What one user was shown of one symbol: a ring of <see cref="ShownEntry"/>, the newest kept. It starts small (a
/// symbol shown once or twice costs little) and takes its full size at its first overflow, allocated where the
/// collector never copies it (the pinned heap: the entries hold no references). Several connections of the user may
/// write it at once: it is guarded by its user's recording lock (<see cref="ShownUser.Enter"/>), which a stream
/// connection takes once for all the prices of a message, so users never wait on each other.
/// </summary>
internal sealed class ShownPriceRing
{
    private const int FirstCapacity = 16;

    private readonly int _capacity;
    private ShownEntry[] _entries = [];

    // The length of _entries, kept here: the recording path reads this object's line and its slot's, never the array's header.
    private int _length;

    // Two decimals per slot, for the rare price whose mantissa does not fit an entry; null until one comes.
    private decimal[]? _wide;
    private int _start;
    private int _count;
    private long _recorded;
    private long _evictedCap;
    private long _evictedWindow;
    private bool _forgotten;

    // Set once the array has its full size, which it then keeps.
    private bool _full;

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

    /// <summary>Whether the ring's user left the log: a writer holding it looks its ring up again.</summary>
    public bool IsForgotten => Volatile.Read(ref _forgotten);

    /// <summary>
    /// Adds <paramref name="entry"/> (its prices those of <paramref name="price"/> when it is <see cref="ShownEntry.Wide"/>),
    /// first dropping entries sent before <paramref name="windowStartTicks"/>; false when the ring was forgotten (its
    /// user left the log), so the caller looks its ring up again.
    /// </summary>
    /// <param name="entry">The entry.</param>
    /// <param name="price">The price it is of.</param>
    /// <param name="windowStartTicks">UTC ticks before which an entry is out of the window.</param>
    /// <param name="grownBytes">Bytes this ring took on (it grew), for the log's accounting.</param>
    public bool Add(in ShownEntry entry, StoredPrice price, long windowStartTicks, out long grownBytes)
    {
        Owner.Enter();
        try
        {
            return AddHeld(entry, price, windowStartTicks, out grownBytes);
        }
        finally
        {
            Owner.Exit();
        }
    }

    /// <summary>As <see cref="Add"/>, with the user's recording lock held by the caller.</summary>
    public bool AddHeld(in ShownEntry entry, StoredPrice price, long windowStartTicks, out long grownBytes)
    {
        grownBytes = 0;
        if (_forgotten)
        {
            return false;
        }

        ExpireBefore(windowStartTicks);
        var length = _length;
        if (_count == length)
        {
            if (length < _capacity)
            {
                grownBytes = Grow(length == 0 ? Math.Min(FirstCapacity, _capacity) : _capacity);
                length = _length;
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

        At(slot) = entry;
        if ((entry.Flags & ShownEntry.Wide) != 0)
        {
            if (_wide is null)
            {
                _wide = new decimal[length * 2];
                grownBytes += WideBytes(_wide.Length);
            }

            _wide[slot * 2] = price.Bid;
            _wide[(slot * 2) + 1] = price.Ask;
        }

        _count++;
        _recorded++;
        return true;
    }

    /// <summary>
    /// Reads, without the lock, the slot the next price will likely take (the oldest, in a full ring): a message's rings
    /// are warmed this way one after the other, so their memory is fetched together rather than one price at a time.
    /// </summary>
    public long Warm() => Volatile.Read(ref _full) ? At(Volatile.Read(ref _start)).SentAtTicks : 0;

    /// <summary>Drops the entries sent before <paramref name="windowStartTicks"/>.</summary>
    public void Expire(long windowStartTicks)
    {
        Owner.Enter();
        try
        {
            ExpireBefore(windowStartTicks);
        }
        finally
        {
            Owner.Exit();
        }
    }

    /// <summary>
    /// The entries held that were sent from <paramref name="fromTicks"/> to <paramref name="toTicks"/> (after dropping
    /// those out of the window), in the order written, and when the oldest one held was sent (null when none is).
    /// </summary>
    public long? Read(long fromTicks, long toTicks, long windowStartTicks, List<ShownEntryCopy> into)
    {
        Owner.Enter();
        try
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
        finally
        {
            Owner.Exit();
        }
    }

    /// <summary>Takes the ring out of use: later adds fail. Returns what it held and counted, for the log's totals.</summary>
    public ShownRingTotals Forget()
    {
        Owner.Enter();
        try
        {
            Volatile.Write(ref _forgotten, true);
            return new ShownRingTotals(_count, _recorded, _evictedCap, _evictedWindow, BytesHeld());
        }
        finally
        {
            Owner.Exit();
        }
    }

    private static long WideBytes(int decimals) => (decimals * 16L) + ShownPriceLog.ArrayOverheadBytes;

    // The slot is always below the array's length (a start, or a start plus a count, wrapped at _length): no bounds check,
    // which would read the array's header, another cache line. Once full, the array never changes, so an unlocked read
    // of a start (always below the capacity) stays inside it too.
    private ref ShownEntry At(int slot) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), slot);

    private long BytesHeld() =>
        ShownPriceLog.RingOverheadBytes
        + (_entries.Length == 0 ? 0 : ((long)_entries.Length * ShownPriceLog.BytesPerEntry) + ShownPriceLog.ArrayOverheadBytes)
        + (_wide is null ? 0 : WideBytes(_wide.Length));

    private void ExpireBefore(long windowStartTicks)
    {
        // Oldest first; entries of two connections of the user may interleave by microseconds, which only delays a drop.
        while (_count > 0 && At(_start).SentAtTicks < windowStartTicks)
        {
            _start = _start + 1 == _length ? 0 : _start + 1;
            _count--;
            _evictedWindow++;
        }
    }

    private long Grow(int capacity)
    {
        var before = BytesHeld();

        // The full-size array lives as long as its user: on the pinned heap the collector never copies it up the generations.
        var entries = capacity == _capacity ? GC.AllocateUninitializedArray<ShownEntry>(capacity, pinned: true) : new ShownEntry[capacity];
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
        _length = capacity;
        _wide = wide;
        _start = 0;
        Volatile.Write(ref _full, capacity == _capacity);
        return BytesHeld() - before;
    }
}
