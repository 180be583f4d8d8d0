using System.Collections.Concurrent;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Storage.Tests.Writing;

/// <summary>A store that announces its own writes, as the Redis store's script does: the symbols it wrote, in order, and nothing else.</summary>
internal sealed class SelfAnnouncingPriceStore(TimeProvider time, bool announces) : IAnnouncingPriceStore
{
    private readonly InMemoryPriceStore _inner = new(time);
    private int _plainWrites;

    public StoreKind Kind => StoreKind.InMemory;

    public bool Announces => announces;

    public ConcurrentQueue<string> Announced { get; } = new();

    /// <summary>Calls of <see cref="WriteAsync"/>, which a writer should not make when the store announces its writes.</summary>
    public int PlainWrites => Volatile.Read(ref _plainWrites);

    public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _plainWrites);
        return _inner.WriteAsync(prices, cancellationToken);
    }

    public async Task<IReadOnlyList<PriceWriteResult>> WriteAndAnnounceAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken)
    {
        var results = await _inner.WriteAsync(prices, cancellationToken);
        foreach (var result in results.Where(r => announces && r.IsWritten))
        {
            Announced.Enqueue(result.Price.Symbol);
        }

        return results;
    }

    public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken) => _inner.ReadAsync(symbol, cancellationToken);

    public Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
        _inner.ReadManyAsync(symbols, cancellationToken);
}
