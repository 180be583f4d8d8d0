namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>One symbol's entries, oldest first, bounded by a cap and a window; its array grows by doubling up to the cap, never beyond.</summary>
/// <remarks>
/// A feed thread and the store writer's batch task add; queries copy out. Every member takes the ring's lock for as
/// long as one copy of a struct (an add) or one pass over the ring (a query) lasts: nothing waits on I/O under it.
/// </remarks>
internal sealed class TimelineRing(int capacity, long windowTicks)
{
    private const int InitialSlots = 64;

    private readonly Lock _lock = new();
    private TimelineRecord[] _slots = new TimelineRecord[Math.Min(InitialSlots, capacity)];
    private int _head;
    private int _count;
    private long _recorded;
    private long _evictedByWindow;
    private long _evictedByCap;
    private long _lastEvictedTicks = long.MinValue;

    public long Recorded => Interlocked.Read(ref _recorded);

    public long EvictedByWindow => Interlocked.Read(ref _evictedByWindow);

    public long EvictedByCap => Interlocked.Read(ref _evictedByCap);

    public int Count => Volatile.Read(ref _count);

    public int Slots => Volatile.Read(ref _slots).Length;

    public void Add(in TimelineRecord record)
    {
        lock (_lock)
        {
            // The entry's own time stands for now: no clock read per entry, and the ring's entries come in about that order.
            EvictOlderThan(record.AtTicks - windowTicks);
            if (_count == _slots.Length)
            {
                if (_slots.Length < capacity)
                {
                    Grow();
                }
                else
                {
                    Evict();
                    _evictedByCap++;
                }
            }

            _slots[(_head + _count) % _slots.Length] = record;
            _count++;
            _recorded++;
        }
    }

    /// <summary>The entries of [<paramref name="fromTicks"/>, <paramref name="toTicks"/>] in time order (insertion order among equal times), after dropping those older than <paramref name="cutoffTicks"/>.</summary>
    public List<TimelineRecord> Range(long fromTicks, long toTicks, long cutoffTicks)
    {
        var found = new List<TimelineRecord>();
        lock (_lock)
        {
            EvictOlderThan(cutoffTicks);
            for (var i = 0; i < _count; i++)
            {
                ref readonly var record = ref _slots[(_head + i) % _slots.Length];
                if (record.AtTicks >= fromTicks && record.AtTicks <= toTicks)
                {
                    found.Add(record);
                }
            }
        }

        SortByTime(found);
        return found;
    }

    /// <summary>The newest entries at or before <paramref name="atTicks"/> first, each passed to <paramref name="visit"/> until it says stop.</summary>
    public void VisitBackwards(long atTicks, long cutoffTicks, Func<TimelineRecord, bool> visit)
    {
        lock (_lock)
        {
            EvictOlderThan(cutoffTicks);
            for (var i = _count - 1; i >= 0; i--)
            {
                ref readonly var record = ref _slots[(_head + i) % _slots.Length];
                if (record.AtTicks <= atTicks && !visit(record))
                {
                    return;
                }
            }
        }
    }

    /// <summary>The time after which the ring has lost nothing (long.MinValue when it never dropped an entry), after dropping those older than <paramref name="cutoffTicks"/>.</summary>
    public long CompleteAfterTicks(long cutoffTicks)
    {
        lock (_lock)
        {
            EvictOlderThan(cutoffTicks);
            return _lastEvictedTicks;
        }
    }

    // Entries from two feeds and the writer arrive nearly in time order: an insertion sort is stable and about linear here.
    private static void SortByTime(List<TimelineRecord> records)
    {
        for (var i = 1; i < records.Count; i++)
        {
            var record = records[i];
            var j = i - 1;
            while (j >= 0 && records[j].AtTicks > record.AtTicks)
            {
                records[j + 1] = records[j];
                j--;
            }

            records[j + 1] = record;
        }
    }

    private void EvictOlderThan(long cutoffTicks)
    {
        while (_count > 0 && _slots[_head].AtTicks < cutoffTicks)
        {
            Evict();
            _evictedByWindow++;
        }
    }

    private void Evict()
    {
        _lastEvictedTicks = Math.Max(_lastEvictedTicks, _slots[_head].AtTicks);
        _head = (_head + 1) % _slots.Length;
        _count--;
    }

    private void Grow()
    {
        var grown = new TimelineRecord[Math.Min(capacity, _slots.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _slots[(_head + i) % _slots.Length];
        }

        _head = 0;
        Volatile.Write(ref _slots, grown);
    }
}
