using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Tests.Prices;

public sealed class PriceWarmupUnitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task Stored_prices_are_shown_as_warmed_up_never_fresh_and_missing_ones_are_listed()
    {
        var store = new InMemoryPriceStore(_time);
        var received = _time.GetUtcNow().AddMinutes(-5);
        await store.WriteAsync([Price("EURUSD", 1.0852m, 1.0854m, received, 41), Price("GBPUSD", 1.2701m, 1.2703m, received, 7)], default);
        var book = Book("EURUSD", "GBPUSD", "USDJPY");
        book.Apply(new PriceUpdate { Symbol = "GBPUSD", Bid = 1.28m, Ask = 1.2802m, Feed = "json", ReceivedAt = _time.GetUtcNow() });

        var result = await new PriceWarmup(store, _time).WarmAsync(book, default);

        Assert.True(result.Succeeded);
        Assert.Equal((3, 2, 1, 1), (result.Requested, result.Loaded, result.Warmed, result.NotTaken));
        Assert.Equal(["USDJPY"], result.MissingSymbols);
        Assert.Equal(300, result.OldestAgeSeconds);
        var eurusd = book.GetQuote("EURUSD")!;
        Assert.True(eurusd.IsWarmup);
        Assert.Equal((1.0852m, 1.0854m, received, 41L), (eurusd.Bid, eurusd.Ask, eurusd.ReceivedAt, eurusd.BookSequence));
        Assert.False(book.TryGetFreshQuote("EURUSD", out _, out var freshness));
        Assert.NotEqual(Freshness.Fresh, freshness);
        Assert.Equal(1.28m, book.GetQuote("GBPUSD")!.Bid);
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_gives_the_reason_not_an_exception()
    {
        var result = await new PriceWarmup(new UnreadableStore(), _time).LoadAsync(["EURUSD"], default);

        Assert.False(result.Succeeded);
        Assert.Equal("cluster down", result.Error);
        Assert.Equal(0, result.Loaded);
    }

    private PriceBook Book(params string[] symbols) => new(
        new SymbolRegistry(symbols.Select(s => SymbolDefaults.For(s, InstrumentKind.Forex, TimeSpan.FromSeconds(10))), s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)), false),
        _time);

    private static StoredPrice Price(string symbol, decimal bid, decimal ask, DateTimeOffset received, long bookSequence) => new()
    {
        Symbol = symbol,
        Bid = bid,
        Ask = ask,
        Feed = "json",
        ReceivedAt = received,
        BookSequence = bookSequence,
        Version = new PriceVersion(PriceVersion.ToUnixMicros(received), bookSequence),
    };

    private sealed class UnreadableStore : IPriceStore
    {
        public StoreKind Kind => StoreKind.RedisCluster;

        public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken) => throw new PriceStoreException("cluster down");

        public Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) => throw new PriceStoreException("cluster down");
    }
}
