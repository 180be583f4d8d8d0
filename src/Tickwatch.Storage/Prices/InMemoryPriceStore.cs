using System.Collections.Concurrent;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Health;

namespace Tickwatch.Storage.Prices;

/// <summary>The embedded store: the latest price per symbol in process memory, newer wins, thread-safe.</summary>
/// <remarks>
/// Nothing is shared with other processes or survives a restart; it exists so that Tickwatch runs without Redis (and
/// for instances of one process sharing it). Fences follow the Redis script's rule: a price whose
/// <see cref="StoredPrice.FenceToken"/> is below its feed's fence for the symbol is refused, one above it seals it.
/// </remarks>
public sealed class InMemoryPriceStore : IPriceStore, IPriceFenceStore
{
    private readonly ConcurrentDictionary<string, StoredPrice> _prices = new(StringComparer.Ordinal);

    // Fence per (symbol, feed); taken with the write under one lock, so that a seal and a fenced write never interleave.
    private readonly Dictionary<(string Symbol, string Feed), long> _fences = [];
    private readonly Lock _fenceGate = new();
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

    public Task<PriceFenceSeal> SealAsync(string feed, long token, IReadOnlyList<string> symbols, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentOutOfRangeException.ThrowIfLessThan(token, 1);
        ArgumentNullException.ThrowIfNull(symbols);
        ct.ThrowIfCancellationRequested();
        var sealedCount = 0;
        var max = 0L;
        lock (_fenceGate)
        {
            foreach (var symbol in symbols.Distinct(StringComparer.Ordinal))
            {
                var fence = _fences.GetValueOrDefault((symbol, feed));
                max = Math.Max(max, fence);
                if (token > fence)
                {
                    _fences[(symbol, feed)] = token;
                    sealedCount++;
                }
            }
        }

        return Task.FromResult(new PriceFenceSeal(sealedCount, max));
    }

    private PriceWriteResult Write(StoredPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        if (price.FenceToken is > 0 and var token)
        {
            lock (_fenceGate)
            {
                var key = (price.Symbol, price.Feed);
                if (_fences.TryGetValue(key, out var fence) && token < fence)
                {
                    return PriceWriteResult.RefusedFenced(price, fence);
                }

                _fences[key] = Math.Max(fence, token);
                return WriteNewer(price);
            }
        }

        return WriteNewer(price);
    }

    private PriceWriteResult WriteNewer(StoredPrice price)
    {
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
