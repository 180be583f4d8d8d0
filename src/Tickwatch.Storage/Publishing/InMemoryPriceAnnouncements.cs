using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Publishing;

/// <summary>Announcer and subscriber in one, for the in-memory store: price announcements go straight to in-process handlers.</summary>
/// <remarks>
/// Same rule as the Redis announcer: only written prices are announced. Handlers run synchronously on the
/// publishing thread (the store writer's), in subscription order; a handler that throws is counted and skipped,
/// never allowed to stop the others or the writer.
/// </remarks>
public sealed class InMemoryPriceAnnouncements : IPriceAnnouncer, IPriceAnnouncementSubscriber
{
    private readonly Lock _lock = new();
    private Action<string>[] _symbolHandlers = [];
    private Dictionary<string, Action<StoredPrice>[]> _priceHandlers = new(StringComparer.Ordinal);
    private long _handlerErrors;

    /// <summary>Handler calls that threw.</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    public Task<PublishSummary> PublishAsync(IReadOnlyList<PriceWriteResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var symbolHandlers = Volatile.Read(ref _symbolHandlers);
        var priceHandlers = Volatile.Read(ref _priceHandlers);
        var published = 0;
        foreach (var result in results)
        {
            if (!result.IsWritten)
            {
                continue;
            }

            published++;
            foreach (var handler in symbolHandlers)
            {
                Invoke(handler, result.Price.Symbol);
            }

            if (priceHandlers.TryGetValue(result.Price.Symbol, out var handlers))
            {
                foreach (var handler in handlers)
                {
                    Invoke(handler, result.Price);
                }
            }
        }

        return Task.FromResult(new PublishSummary(published, 0, null));
    }

    public Task<IAsyncDisposable> SubscribeSymbolsAsync(Action<string> onSymbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSymbol);
        lock (_lock)
        {
            Volatile.Write(ref _symbolHandlers, [.. _symbolHandlers, onSymbol]);
        }

        return Task.FromResult<IAsyncDisposable>(new Subscription(() =>
        {
            lock (_lock)
            {
                Volatile.Write(ref _symbolHandlers, [.. _symbolHandlers.Where(h => h != onSymbol)]);
            }
        }));
    }

    public Task<IAsyncDisposable> SubscribePricesAsync(string symbol, Action<StoredPrice> onPrice, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentNullException.ThrowIfNull(onPrice);
        lock (_lock)
        {
            // Copy on write: publishers read the dictionary without a lock.
            var copy = new Dictionary<string, Action<StoredPrice>[]>(_priceHandlers, StringComparer.Ordinal);
            copy[symbol] = copy.TryGetValue(symbol, out var existing) ? [.. existing, onPrice] : [onPrice];
            Volatile.Write(ref _priceHandlers, copy);
        }

        return Task.FromResult<IAsyncDisposable>(new Subscription(() =>
        {
            lock (_lock)
            {
                var copy = new Dictionary<string, Action<StoredPrice>[]>(_priceHandlers, StringComparer.Ordinal);
                if (copy.TryGetValue(symbol, out var existing))
                {
                    Action<StoredPrice>[] remaining = [.. existing.Where(h => h != onPrice)];
                    if (remaining.Length == 0)
                    {
                        copy.Remove(symbol);
                    }
                    else
                    {
                        copy[symbol] = remaining;
                    }
                }

                Volatile.Write(ref _priceHandlers, copy);
            }
        }));
    }

    private void Invoke<T>(Action<T> handler, T value)
    {
        try
        {
            handler(value);
        }
        // A subscriber's bug must not stop the writer or other subscribers; it is counted.
        catch (Exception)
        {
            Interlocked.Increment(ref _handlerErrors);
        }
    }

    private sealed class Subscription(Action unsubscribe) : IAsyncDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public ValueTask DisposeAsync()
        {
            Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
            return ValueTask.CompletedTask;
        }
    }
}
