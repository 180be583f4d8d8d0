using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Testing;

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
    public async Task A_stored_version_from_2100_is_not_warmed_up_and_the_next_live_price_replaces_it_in_book_and_store()
    {
        using var log = new CapturingLoggerProvider();
        using var factory = log.CreateFactory();
        var store = new InMemoryPriceStore(_time);
        await store.WriteAsync([Price("EURUSD", 1.5000m, 1.5002m, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), 9)], default);
        var book = Book("EURUSD");
        var warmup = new PriceWarmup(store, _time, logger: factory.CreateLogger<PriceWarmup>());

        var result = await warmup.WarmAsync(book, default);

        Assert.Equal((1, 0, 1, 1), (result.Loaded, result.Warmed, result.NotTaken, result.FutureVersions));
        Assert.Equal(1, warmup.FutureVersionsRefused);
        Assert.Null(book.GetQuote("EURUSD"));
        Assert.Single(log.Entries, e => e.EventId.Id == 3031 && e.Message.Contains("EURUSD", StringComparison.Ordinal));

        var live = book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = 1.0850m, Ask = 1.0852m, Feed = "json", ReceivedAt = _time.GetUtcNow(), SourceTime = _time.GetUtcNow() });
        var written = await store.WriteAsync([StoredPrice.FromQuote(live.Quote!)], default);

        Assert.True(live.IsAccepted);
        Assert.True(written[0].IsWritten);
        Assert.NotNull(written[0].ReplacedFutureVersion);
        Assert.Equal(1.0850m, (await store.ReadAsync("EURUSD", default))!.Bid);
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_gives_the_reason_not_an_exception()
    {
        var result = await new PriceWarmup(new UnreadableStore(), _time).LoadAsync(["EURUSD"], default);

        Assert.False(result.Succeeded);
        Assert.Equal("cluster down", result.Error);
        Assert.Equal(0, result.Loaded);
    }

    [Fact]
    public async Task The_first_warm_up_moves_old_form_keys_once_logs_one_line_and_shows_what_it_moved()
    {
        var store = new InMemoryPriceStore(_time);
        var oldKeys = new InMemoryOldPriceKeys();
        oldKeys.Put(Price("EURUSD", 1.0852m, 1.0854m, _time.GetUtcNow().AddMinutes(-5), 41) with { Timestamp = _time.GetUtcNow().AddMinutes(-5) });
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        var warmup = new PriceWarmup(store, _time, oldKeys, factory.CreateLogger<PriceWarmup>());

        var first = await warmup.WarmAsync(Book("EURUSD", "GBPUSD"), default);
        var second = await warmup.WarmAsync(Book("EURUSD", "GBPUSD"), default);

        Assert.Equal((1, 1, 1), (first.OldKeys!.Found, first.OldKeys.Moved, first.Warmed));
        Assert.Null(second.OldKeys);
        Assert.Equal(1, second.Warmed);
        Assert.Equal(1, warmup.OldKeysMoved);
        Assert.False(oldKeys.Exists("EURUSD"));
        var line = Assert.Single(logs.Entries, e => e.EventId.Id == 3020);
        Assert.Equal("Old price keys (market:{SYMBOL}): 1 found, 1 moved to market:SYMBOL, 0 already current there, 1 old keys gone, 0 left ()", line.Message);
    }

    [Fact]
    public async Task Old_keys_that_could_not_be_read_are_tried_again_at_the_next_warm_up()
    {
        var store = new InMemoryPriceStore(_time);
        var oldKeys = new FlakyOldKeys();
        var warmup = new PriceWarmup(store, _time, oldKeys);

        var first = await warmup.LoadAsync(["EURUSD"], default);
        var second = await warmup.LoadAsync(["EURUSD"], default);
        var third = await warmup.LoadAsync(["EURUSD"], default);

        Assert.Equal("cluster down", first.OldKeys!.Error);
        Assert.True(second.OldKeys!.Complete);
        Assert.Null(third.OldKeys);
        Assert.Equal(2, oldKeys.Reads);
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

    private sealed class FlakyOldKeys : IOldPriceKeys
    {
        public int Reads { get; private set; }

        public Task<OldPriceRead> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) =>
            ++Reads == 1 ? throw new PriceStoreException("cluster down") : Task.FromResult(new OldPriceRead([], []));

        public Task<bool> DeleteAsync(StoredPrice price, CancellationToken cancellationToken) => Task.FromResult(true);
    }

    private sealed class UnreadableStore : IPriceStore
    {
        public StoreKind Kind => StoreKind.RedisCluster;

        public Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken) => throw new PriceStoreException("cluster down");

        public Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken) => throw new PriceStoreException("cluster down");
    }
}
