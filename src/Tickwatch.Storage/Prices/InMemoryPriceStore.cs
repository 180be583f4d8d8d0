using System.Collections.Concurrent;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Health;

namespace Tickwatch.Storage.Prices;

/// <summary>The embedded store: the latest price per symbol in process memory, newer wins, thread-safe.</summary>
/// <remarks>Nothing is shared with other processes or survives a restart; it exists so that Tickwatch runs without Redis.</remarks>
public sealed class InMemoryPriceStore : IPriceStore
{
    private readonly ConcurrentDictionary<string, StoredPrice> _prices = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InMemoryPriceStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public StoreKind Kind => StoreKind.InMemory;

    /// <summary>Number of symbols stored.</summary>
    public int Count => _prices.Count;

    public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prices);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new PriceWriteResult[prices.Count];
        for (var i = 0; i < prices.Count; i++)
        {
            results[i] = Write(prices[i]);
        }

        return Task.FromResult<IReadOnlyList<PriceWriteResult>>(results);
    }

    public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return Task.FromResult(_prices.TryGetValue(symbol, out var price) ? price : null);
    }

    public Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var prices = new StoredPrice?[symbols.Count];
        for (var i = 0; i < symbols.Count; i++)
        {
            prices[i] = _prices.TryGetValue(symbols[i], out var price) ? price : null;
        }

        return Task.FromResult<IReadOnlyList<StoredPrice?>>(prices);
    }

    private PriceWriteResult Write(StoredPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        var stored = price.AsStored();

        // Compare-and-swap loop: the same decision the Redis script makes atomically.
        while (true)
        {
            if (!_prices.TryGetValue(price.Symbol, out var current))
            {
                if (_prices.TryAdd(price.Symbol, stored))
                {
                    return PriceWriteResult.Written(stored);
                }

                continue;
            }

            // A version from the future cannot be true: any price replaces it, as the Redis script does.
            var future = SourceClock.IsFuture(current.Version, _time.GetUtcNow());
            if (!future && !price.Version.Supersedes(current.Version))
            {
                return PriceWriteResult.RefusedOlder(price, current.Version);
            }

            if (_prices.TryUpdate(price.Symbol, stored, current))
            {
                return future ? PriceWriteResult.WrittenOverFuture(stored, current.Version) : PriceWriteResult.Written(stored);
            }
        }
    }
}
