using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;

namespace Tickwatch.StoreHarness;

/// <summary>For <c>--publish-after-write</c>: the Redis store without its in-script announcements, so the writer publishes after each batch's replies.</summary>
internal sealed class ClientPublishedStore(IPriceStore inner) : IPriceStore
{
    public StoreKind Kind => inner.Kind;

    public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken) =>
        inner.WriteAsync(prices, cancellationToken);

    public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken) => inner.ReadAsync(symbol, cancellationToken);

    public Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
        inner.ReadManyAsync(symbols, cancellationToken);
}
