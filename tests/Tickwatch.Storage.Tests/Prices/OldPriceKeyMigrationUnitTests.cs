using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Tests.Prices;

/// <summary>What the move of old-form price keys leaves behind when something goes wrong, in memory.</summary>
public sealed class OldPriceKeyMigrationUnitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);
    private readonly InMemoryPriceStore _store = new(new FakeTimeProvider(T0));
    private readonly InMemoryOldPriceKeys _oldKeys = new();

    [Fact]
    public async Task An_old_key_written_again_meanwhile_is_left_for_a_later_move()
    {
        _oldKeys.Put(Price("EURUSD", 1.1000m, 1));
        _oldKeys.BeforeDelete = symbol => _oldKeys.Put(Price(symbol, 1.3000m, 2));

        var result = await new OldPriceKeyMigration(_store, _oldKeys).RunAsync(["EURUSD"], default);

        Assert.Equal((1, 0, false), (result.Moved, result.Deleted, result.Complete));
        Assert.Equal(["EURUSD"], result.Left);
        Assert.True(_oldKeys.Exists("EURUSD"));
    }

    [Fact]
    public async Task An_old_hash_that_is_not_a_price_is_named_and_left_and_the_others_move()
    {
        _oldKeys.PutUnreadable("GBPUSD");
        _oldKeys.Put(Price("EURUSD", 1.1000m, 1));

        var result = await new OldPriceKeyMigration(_store, _oldKeys).RunAsync(["EURUSD", "GBPUSD"], default);

        Assert.Equal((2, 1, 1), (result.Found, result.Moved, result.Deleted));
        Assert.Equal(["GBPUSD"], result.Left);
        Assert.Equal(1.1000m, (await _store.ReadAsync("EURUSD", default))!.Bid);
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_gives_the_reason_not_an_exception()
    {
        var result = await new OldPriceKeyMigration(_store, new UnreachableOldKeys()).RunAsync(["EURUSD"], default);

        Assert.Equal("cluster down", result.Error);
        Assert.False(result.Complete);
    }

    [Fact]
    public async Task A_failed_rewrite_keeps_the_old_key()
    {
        _oldKeys.Put(Price("EURUSD", 1.1000m, 1));

        var result = await new OldPriceKeyMigration(new FailingStore(), _oldKeys).RunAsync(["EURUSD"], default);

        Assert.Equal((1, 0, 0), (result.Found, result.Moved, result.Deleted));
        Assert.Equal(["EURUSD"], result.Left);
        Assert.True(_oldKeys.Exists("EURUSD"));
    }

    internal static StoredPrice Price(string symbol, decimal bid, long sequence) => new()
    {
        Symbol = symbol,
        Bid = bid,
        Ask = bid + 0.0002m,
        Feed = "json",
        ReceivedAt = T0.AddMinutes(-10),
        BookSequence = sequence,
        Version = new PriceVersion(PriceVersion.ToUnixMicros(T0.AddMinutes(-10)), sequence),
        Timestamp = T0.AddMinutes(-10),
    };

    private sealed class UnreachableOldKeys : IOldPriceKeys
    {
        public Task<OldPriceRead> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
            throw new PriceStoreException("cluster down", new InvalidOperationException());

        public Task<bool> DeleteAsync(StoredPrice price, CancellationToken cancellationToken) => throw new InvalidOperationException("not reached");
    }

    private sealed class FailingStore : IPriceStore
    {
        public StoreKind Kind => StoreKind.InMemory;

        public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PriceWriteResult>>([.. prices.Select(p => PriceWriteResult.Failed(p, new InvalidOperationException("write failed")))]);

        public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult<StoredPrice?>(null);

        public Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredPrice?>>(new StoredPrice?[symbols.Count]);
    }
}
