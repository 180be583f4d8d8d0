namespace Tickwatch.Trading.Store;

/// <summary>
/// The subscribers of one channel of an embedded store (<c>tickwatch up</c>, the unit tier): called on the publisher's
/// thread, in subscription order; one that throws is counted and skipped, never allowed to stop the publisher or the others.
/// </summary>
internal sealed class InProcessHandlers<T>
{
    private readonly Lock _lock = new();
    private Action<T>[] _handlers = [];
    private long _errors;

    /// <summary>Handler calls that threw.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Adds <paramref name="handler"/> until the returned handle is disposed.</summary>
    public IAsyncDisposable Add(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            // Copy on write: publishers read the array without the lock.
            _handlers = [.. _handlers, handler];
        }

        return new Subscription(this, handler);
    }

    /// <summary>Calls every handler with <paramref name="value"/>.</summary>
    public void Invoke(T value)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(value);
            }
            catch (Exception)
            {
                // A subscriber's fault is its own: counted, and the publisher and the other subscribers go on.
                Interlocked.Increment(ref _errors);
            }
        }
    }

    private void Remove(Action<T> handler)
    {
        lock (_lock)
        {
            _handlers = [.. _handlers.Where(h => !ReferenceEquals(h, handler))];
        }
    }

    private sealed class Subscription(InProcessHandlers<T> owner, Action<T> handler) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(handler);
            }

            return ValueTask.CompletedTask;
        }
    }
}
