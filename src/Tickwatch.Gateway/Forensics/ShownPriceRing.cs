using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// What one user was shown of one symbol: a ring of <see cref="ShownEntry"/>, the newest kept. It starts small (a
/// symbol shown once or twice costs little) and doubles as it fills up to its capacity, its full size allocated where
/// the collector never copies it (the pinned heap: the entries hold no references). Several connections of the user may
/// write it at once: it is guarded by its user's recording lock (<see cref="ShownUser.Enter"/>), which a stream
/// connection takes once for all the prices of a message, so users never wait on each other.
/// </summary>
internal sealed class ShownPriceRing
{
    /// <summary>Slots of a ring's first array: a pair of user and symbol shown a price or two costs little.</summary>
    internal const int FirstCapacity = 4;

    private readonly int _capacity;
    private ShownEntry[] _entries = [];

    // The length of _entries, kept here: the recording path reads this object's line and its slot's, never the array's header.
    private int _length;
    private int _start;
    private int _count;

    // What the compact entries are kept relative to: set by the first entry of an empty ring, moved when one is too far.
    private ShownRingBase _base;

    // The rare price that does not fit a compact entry, whole, at its slot's index; null until one comes.
    private ShownRecord[]? _wide;
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
    /// Adds a send of <paramref name="price"/>, first dropping entries sent before <paramref name="windowStartTicks"/>;
    /// false when the ring was forgotten (its user left the log), so the caller looks its ring up again.
    /// </summary>
    /// <param name="price">The price sent.</param>
    /// <param name="sentAtTicks">UTC ticks it was sent at.</param>
    /// <param name="newerPrices">Newer prices of the symbol known then.</param>
    /// <param name="flags"><see cref="ShownEntry.Quotes"/> or none.</param>
    /// <param name="windowStartTicks">UTC ticks before which an entry is out of the window.</param>
    /// <param name="grownBytes">Bytes this ring took on (it grew), for the log's accounting.</param>
    public bool Add(in ShownPriceFacts price, long sentAtTicks, long newerPrices, int flags, long windowStartTicks, out long grownBytes)
    {
        Owner.Enter();
        try
        {
            return AddHeld(price, sentAtTicks, newerPrices, flags, windowStartTicks, out grownBytes);
        }
        finally
        {
            Owner.Exit();
        }
    }

    /// <summary>As <see cref="Add"/>, with the user's recording lock held by the caller.</summary>
    public bool AddHeld(in ShownPriceFacts price, long sentAtTicks, long newerPrices, int flags, long windowStartTicks, out long grownBytes)
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
                grownBytes = Grow(length == 0 ? Math.Min(FirstCapacity, _capacity) : (int)Math.Min(length * 2L, _capacity));
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

        if (ShownEntry.Fits(price, sentAtTicks, newerPrices))
        {
            if (_count == 0)
            {
                _base = new ShownRingBase(price.BookSequence, price.BidMantissa, sentAtTicks);
            }
            else if (!ShownEntry.Near(price, sentAtTicks, _base))
            {
                grownBytes += Rebase(new ShownRingBase(price.BookSequence, price.BidMantissa, sentAtTicks));
            }

            At(slot) = ShownEntry.Encode(price, sentAtTicks, newerPrices, flags, _base);
        }
        else
        {
            grownBytes += KeepWhole(slot, ShownRecord.Of(price, sentAtTicks, newerPrices, flags));
        }

        _count++;
        _recorded++;
        return true;
    }

    /// <summary>
    /// Reads, without the lock, the slot the next price will likely take (the oldest, in a full ring): a message's rings
    /// are warmed this way one after the other, so their memory is fetched together rather than one price at a time.
    /// </summary>
    public int Warm() => Volatile.Read(ref _full) ? At(Volatile.Read(ref _start)).Flags : 0;

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
    public long? Read(long fromTicks, long toTicks, long windowStartTicks, List<ShownRecord> into)
    {
        Owner.Enter();
        try
        {
            ExpireBefore(windowStartTicks);
            long? oldest = null;
            for (var i = 0; i < _count; i++)
            {
                var record = RecordAt(Slot(i));
                oldest = oldest is { } o && o <= record.SentAtTicks ? o : record.SentAtTicks;
                if (record.SentAtTicks >= fromTicks && record.SentAtTicks <= toTicks)
                {
                    into.Add(record);
                }
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

    /// <summary>Bytes of an array of <paramref name="length"/> entries (compact, or whole in the side array).</summary>
    internal static long ArrayBytes(int length, int bytesPerItem) => length == 0 ? 0 : ((long)length * bytesPerItem) + ShownPriceLog.ArrayOverheadBytes;

    // The slot is always below the array's length (a start, or a start plus a count, wrapped at _length): no bounds check,
    // which would read the array's header, another cache line. Once full, the array never changes, so an unlocked read
    // of a start (always below the capacity) stays inside it too.
    private ref ShownEntry At(int slot) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), slot);

    private int Slot(int i) => _start + i < _length ? _start + i : _start + i - _length;

    private ShownRecord RecordAt(int slot)
    {
        ref readonly var entry = ref At(slot);
        return entry.IsWide ? _wide![slot] : entry.Decode(_base);
    }

    private long SentAtTicks(int slot)
    {
        ref readonly var entry = ref At(slot);
        return entry.IsWide ? _wide![slot].SentAtTicks : entry.SentAtTicks(_base);
    }

    private long BytesHeld() =>
        ShownPriceLog.RingOverheadBytes
        + ArrayBytes(_entries.Length, ShownPriceLog.BytesPerEntry)
        + ArrayBytes(_wide?.Length ?? 0, ShownPriceLog.BytesPerWideEntry);

    private void ExpireBefore(long windowStartTicks)
    {
        // Oldest first; entries of two connections of the user may interleave by microseconds, which only delays a drop.
        while (_count > 0 && SentAtTicks(_start) < windowStartTicks)
        {
            _start = _start + 1 == _length ? 0 : _start + 1;
            _count--;
            _evictedWindow++;
        }
    }

    /// <summary>Keeps <paramref name="record"/> whole at <paramref name="slot"/>; returns the bytes of a side array made for it.</summary>
    private long KeepWhole(int slot, in ShownRecord record)
    {
        long grown = 0;
        if (_wide is null)
        {
            _wide = new ShownRecord[_length];
            grown = ArrayBytes(_length, ShownPriceLog.BytesPerWideEntry);
        }

        _wide[slot] = record;
        At(slot) = ShownEntry.WideMarker(record.Flags);
        return grown;
    }

    /// <summary>
    /// Moves the compact entries to <paramref name="to"/> (its send time lowered to the oldest one held, so every one
    /// stays after it): rare, as a ring's base is only too far after 30 hours or 2^31 sequences or mantissa units.
    /// An entry too far from the new base is kept whole. Returns the bytes of a side array made for them.
    /// </summary>
    private long Rebase(ShownRingBase to)
    {
        var oldestTicks = to.Ticks;
        for (var i = 0; i < _count; i++)
        {
            oldestTicks = Math.Min(oldestTicks, SentAtTicks(Slot(i)));
        }

        var from = _base;
        to = to with { Ticks = oldestTicks };
        long grown = 0;
        for (var i = 0; i < _count; i++)
        {
            var slot = Slot(i);
            ref var entry = ref At(slot);
            if (!entry.IsWide && !entry.TryMove(from, to))
            {
                grown += KeepWhole(slot, entry.Decode(from));
            }
        }

        _base = to;
        return grown;
    }

    private long Grow(int capacity)
    {
        var before = BytesHeld();

        // The full-size array lives as long as its user: on the pinned heap the collector never copies it up the generations.
        var entries = capacity == _capacity ? GC.AllocateUninitializedArray<ShownEntry>(capacity, pinned: true) : new ShownEntry[capacity];
        var wide = _wide is null ? null : new ShownRecord[capacity];
        for (var i = 0; i < _count; i++)
        {
            var slot = Slot(i);
            entries[i] = _entries[slot];
            if (wide is not null)
            {
                wide[i] = _wide![slot];
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
