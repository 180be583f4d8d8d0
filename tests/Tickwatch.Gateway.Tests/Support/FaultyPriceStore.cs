using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>A price store with a bug: reading one symbol throws what no store contract allows (a fault of the gateway's own side).</summary>
internal sealed class FaultyPriceStore(IPriceStore inner, string faultySymbol) : IPriceStore
{
    public StoreKind Kind => inner.Kind;

    public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken) =>
        inner.WriteAsync(prices, cancellationToken);

    public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken) =>
        symbol == faultySymbol ? throw new InvalidOperationException("a bug in the store") : inner.ReadAsync(symbol, cancellationToken);

    public Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
        inner.ReadManyAsync(symbols, cancellationToken);
}
