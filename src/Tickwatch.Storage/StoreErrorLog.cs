namespace Tickwatch.Storage;

/// <summary>The most recent store errors of the process, in a bounded ring, newest last; thread-safe.</summary>
public sealed class StoreErrorLog
{
    private readonly StoreError?[] _ring;
    private readonly Lock _lock = new();
    private long _next;

    public StoreErrorLog(int capacity = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new StoreError?[capacity];
    }

    /// <summary>Errors recorded since the start, including those that fell out of the ring.</summary>
    public long Total => Interlocked.Read(ref _next);

    public void Add(StoreError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_lock)
        {
            _ring[(int)(_next % _ring.Length)] = error;
            _next++;
        }
    }

    /// <summary>The errors still in the ring, oldest first.</summary>
    public IReadOnlyList<StoreError> Recent()
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_next, _ring.Length);
            var errors = new StoreError[count];
            for (var i = 0; i < count; i++)
            {
                errors[i] = _ring[(int)((_next - count + i) % _ring.Length)]!;
            }

            return errors;
        }
    }
}
