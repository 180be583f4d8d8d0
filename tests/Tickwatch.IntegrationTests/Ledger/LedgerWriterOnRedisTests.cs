using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Storage;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Tests.Ledger;

namespace Tickwatch.IntegrationTests.Ledger;

/// <summary>
/// The ledger writer on the real Redis Cluster's outbox and a SQLite ledger: orders placed and closed through the engine
/// reach the ledger, which then matches the hot state, and the outbox is trimmed; a writer stopped between the ledger
/// write and the trim, with the account's pending mark lost too, is restarted and loses and duplicates nothing.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class LedgerWriterOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tickwatch-ledger-redis-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly AccountId _account = new(UserType.Live, Random.Shared.Next(100_000_000, 999_999_999));
    private SqliteLedgerStore _ledger = null!;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        Directory.CreateDirectory(_folder);
        _ledger = new SqliteLedgerStore(Path.Combine(_folder, "ledger.db"), _time);
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Orders_through_the_engine_reach_the_ledger_once_and_in_order_across_a_writer_stopped_before_its_trim()
    {
        var store = new RedisTradingStore(cluster.Connection, _time);
        var group = "Ledger" + _account.Number;
        var symbols = new SymbolRegistry([SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(10))], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)), acceptUnlisted: false);
        var book = new PriceBook(symbols, _time);
        var engine = new TradingEngine(store, book, Options.Create(new TradingOptions()), _time, NullLogger<TradingEngine>.Instance);
        await store.PutTermsAsync(
            new GroupSymbolTerms { Group = group, Symbol = "EURUSD", Spread = 1m, SpreadPip = 0.0001m, ContractSize = 100_000m, ProfitCurrency = "USD", InstrumentType = InstrumentKind.Forex, CommissionPerLot = 7m },
            default);
        await store.PutAccountAsync(new TradingAccount { Id = _account, WalletBalance = 10_000m, Leverage = 100m, Group = group }, default);

        Price(book, 1.08500m, 1.08520m);
        var bought = (await engine.PlaceAsync(Order(OrderType.Buy, 1m), default)).Order!;
        _time.Advance(TimeSpan.FromSeconds(1));
        Price(book, 1.08600m, 1.08620m);
        Assert.NotNull((await engine.CloseAsync(new CloseOrder(_account, bought.Id, "close-" + bought.Id), default)).Order);
        var account = (await store.ReadAccountAsync(_account, default))!.Account;
        await store.PutAccountAsync(account with { WalletBalance = account.WalletBalance + 500m }, default);
        var sold = (await engine.PlaceAsync(Order(OrderType.Sell, 0.5m), default)).Order!;
        var entries = (await store.ReadOutboxAsync(_account, default)).Count;

        // A writer whose trim is lost with its process: the ledger holds everything, the outbox still does too.
        var only = new HashSet<AccountId> { _account };
        var first = Writer(new ListOutbox(store) { Only = only, FailTrims = 1 });
        Assert.True(await first.StartAsync(default));
        Assert.True((await first.RunOnceAsync(default)).Failed);
        Assert.Equal(entries, _ledger.Statistics.Applied);
        Assert.Equal(entries, (await store.ReadOutboxAsync(_account, default)).Count);

        // While no writer runs, the hot state changes again and the account's pending mark is lost as well.
        _time.Advance(TimeSpan.FromSeconds(1));
        Price(book, 1.08700m, 1.08720m);
        var later = (await engine.PlaceAsync(Order(OrderType.Buy, 0.2m), default)).Order!;
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        await database.SetRemoveAsync(RedisKeys.LedgerOutboxPending, _account.ToString());

        var restarted = Writer(new ListOutbox(store) { Only = only });
        await restarted.StartAsync(default);
        var pass = await restarted.RunOnceAsync(default);

        Assert.Equal(new LedgerPass(1, entries, More: false, Failed: false), pass);
        Assert.Empty(await store.ReadOutboxAsync(_account, default));
        Assert.False(await database.SetContainsAsync(RedisKeys.LedgerOutboxPending, _account.ToString()));
        Assert.Equal(entries + 1, _ledger.Statistics.Applied);

        var hot = (await store.ReadAccountAsync(_account, default))!;
        var books = (await _ledger.ReadAccountAsync(_account, default))!;
        Assert.Equal(hot.Account.WalletBalance, books.Balance);
        Assert.Equal(hot.Account with { WalletBalance = books.Balance }, books.Configuration);
        Assert.Equal(new LedgerEventId(_account, hot.Revision, 0), books.Position);
        var (since, until) = (_time.GetUtcNow().AddDays(-1), _time.GetUtcNow().AddDays(1));
        Assert.Equal(
            [(bought.Id, OrderStatus.Open), (bought.Id, OrderStatus.Closed), (sold.Id, OrderStatus.Open), (later.Id, OrderStatus.Open)],
            (await _ledger.ReadOrderHistoryAsync(_account, since, until, default)).Select(h => (h.OrderId, h.Status)));
        Assert.Equal(
            [(bought.Id, DealKind.Fill), (bought.Id, DealKind.Close), (sold.Id, DealKind.Fill), (later.Id, DealKind.Fill)],
            (await _ledger.ReadDealsAsync(_account, since, until, default)).Select(d => (d.OrderId, d.Kind)));
        Assert.Equal(
            hot.ActiveOrders.Select(o => o.Id).Order(StringComparer.Ordinal),
            (await _ledger.ReadOpenPositionsAsync(_account, default)).Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.Equal(hot.ActiveOrders.OrderBy(o => o.Id, StringComparer.Ordinal), (await _ledger.ReadOpenPositionsAsync(_account, default)).OrderBy(o => o.Id, StringComparer.Ordinal));
    }

    private LedgerWriter Writer(ListOutbox outbox) =>
        new(outbox, _ledger, Options.Create(new LedgerOptions()), _time, NullLogger<LedgerWriter>.Instance);

    private PlaceOrder Order(OrderType type, decimal volume) =>
        new() { Account = _account, Symbol = "EURUSD", Type = type, Volume = volume, IdempotencyKey = Guid.NewGuid().ToString("N") };

    private void Price(PriceBook book, decimal bid, decimal ask) =>
        _ = book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = bid, Ask = ask, Feed = "json", ReceivedAt = _time.GetUtcNow() }).Quote
            ?? throw new InvalidOperationException($"The book refused EURUSD {bid}/{ask}.");
}
