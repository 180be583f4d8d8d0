using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Tests.Ledger;

namespace Tickwatch.IntegrationTests.Ledger;

/// <summary>
/// A Redis flush followed by restore gives back every balance and position, checked against the ledger: accounts traded
/// through the engine on the real cluster, drained to a SQLite ledger, the cluster flushed (FLUSHALL on every master),
/// restored from the ledger and reconciled; the next order is numbered above the ledger position and reaches it.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class LedgerRestoreOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tickwatch-ledger-restore-redis-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly AccountId[] _accounts = [.. Enumerable.Range(0, 4).Select(i => new AccountId(UserType.Live, Random.Shared.Next(100_000_000, 999_999_999)))];
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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task After_a_flush_restore_gives_back_every_balance_position_and_pending_order_as_the_ledger_has_them()
    {
        var store = new RedisTradingStore(cluster.Connection, _time);
        var group = "Restore" + _accounts[0].Number.ToString(CultureInfo.InvariantCulture);
        var book = new PriceBook(new SymbolRegistry([SymbolDefaults.For("EURUSD", InstrumentKind.Forex, TimeSpan.FromSeconds(10))], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)), acceptUnlisted: false), _time);
        var engine = new TradingEngine(store, book, Options.Create(new TradingOptions()), _time, NullLogger<TradingEngine>.Instance);
        await PutTermsAsync(store, group);
        Price(book, 1.08500m, 1.08520m);
        for (var i = 0; i < _accounts.Length; i++)
        {
            var id = _accounts[i];
            await store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = 10_000m + i, Leverage = 100m, Group = group }, default);
            var bought = (await engine.PlaceAsync(Order(id, OrderType.Buy, 1m), default)).Order!;
            Assert.True((await engine.PlaceAsync(Order(id, OrderType.Sell, 0.3m + i, stopLoss: 1.09500m, takeProfit: 1.07000m), default)).Accepted);
            Assert.True((await engine.PlaceAsync(Order(id, OrderType.BuyLimit, 0.2m, price: 1.08000m - (i * 0.001m)), default)).Accepted);
            if (i % 2 == 0)
            {
                Assert.NotNull((await engine.CloseAsync(new CloseOrder(id, bought.Id, "close-" + bought.Id), default)).Order);
            }
        }

        var writer = Writer(store);
        Assert.True(await writer.StartAsync(default));
        Assert.False((await writer.RunOnceAsync(default)).Failed);
        var before = new Dictionary<AccountId, Tickwatch.Trading.Store.AccountState>();
        foreach (var id in _accounts)
        {
            Assert.Empty(await store.ReadOutboxAsync(id, default));
            before[id] = (await store.ReadAccountAsync(id, default))!;
        }

        await FlushAllAsync();
        foreach (var id in _accounts)
        {
            Assert.Null(await store.ReadAccountAsync(id, default));
        }

        var restore = new LedgerRestore(
            _ledger, store, Options.Create(new LedgerOptions()), _time, NullLogger<LedgerRestore>.Instance,
            new LedgerReconciliation(_ledger, store, store, Options.Create(new LedgerOptions()), _time, NullLogger<LedgerReconciliation>.Instance));
        var report = await restore.RestoreAsync(default);

        Assert.Equal((_accounts.Length, _accounts.Length, 0, 0), (report.LedgerAccounts, report.Restored, report.Skipped, report.Unrestorable));
        Assert.Equal((_accounts.Length, _accounts.Length, 0, 0), (report.Reconciliation!.Checked, report.Reconciliation.InAgreement, report.Reconciliation.Drifting, report.Reconciliation.Behind));
        foreach (var id in _accounts)
        {
            var books = (await _ledger.ReadAccountAsync(id, default))!;
            var hot = (await store.ReadAccountAsync(id, default))!;
            List<Order> recorded = [.. await _ledger.ReadOpenPositionsAsync(id, default), .. await _ledger.ReadPendingOrdersAsync(id, default)];
            Assert.Equal(books.Balance, hot.Account.WalletBalance);
            Assert.Equal(books.Configuration, hot.Account);
            Assert.Equal(books.Position!.Value.Revision, hot.Revision);
            Assert.Equal(recorded.OrderBy(o => o.Id, StringComparer.Ordinal), hot.ActiveOrders.OrderBy(o => o.Id, StringComparer.Ordinal));
            Assert.Equal((before[id].Account, before[id].Revision), (hot.Account, hot.Revision));
            Assert.Equal(before[id].ActiveOrders.OrderBy(o => o.Id, StringComparer.Ordinal), hot.ActiveOrders.OrderBy(o => o.Id, StringComparer.Ordinal));
            Assert.Empty(await store.ReadOutboxAsync(id, default));
        }

        Assert.Equal(_accounts.Length, (await store.ListAccountsAsync(default)).Count(_accounts.Contains));

        // Trading goes on above the ledger's position: the writer takes the next change as new.
        await PutTermsAsync(store, group);
        var next = (await engine.PlaceAsync(Order(_accounts[1], OrderType.Buy, 0.1m), default)).Order!;
        var pass = await Writer(store).RunOnceAsync(default);
        Assert.Equal((1, 0), (pass.Written, pass.Duplicates));
        Assert.Equal(new LedgerEventId(_accounts[1], before[_accounts[1]].Revision + 1, 0), (await _ledger.ReadAccountAsync(_accounts[1], default))!.Position);
        Assert.Contains(next.Id, (await _ledger.ReadOpenPositionsAsync(_accounts[1], default)).Select(o => o.Id));
    }

    private static Task PutTermsAsync(RedisTradingStore store, string group) => store.PutTermsAsync(
        new GroupSymbolTerms { Group = group, Symbol = "EURUSD", Spread = 1m, SpreadPip = 0.0001m, ContractSize = 100_000m, ProfitCurrency = "USD", InstrumentType = InstrumentKind.Forex, CommissionPerLot = 7m },
        default);

    private static PlaceOrder Order(AccountId account, OrderType type, decimal volume, decimal? price = null, decimal? stopLoss = null, decimal? takeProfit = null) =>
        new() { Account = account, Symbol = "EURUSD", Type = type, Volume = volume, Price = price, StopLoss = stopLoss, TakeProfit = takeProfit, IdempotencyKey = Guid.NewGuid().ToString("N") };

    private async Task FlushAllAsync()
    {
        var multiplexer = await cluster.Connection.GetAsync(default);
        foreach (var server in multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            // The store's own connection has no admin commands; redis-cli does (replicas follow their master).
            var port = ((System.Net.IPEndPoint)server.EndPoint).Port.ToString(CultureInfo.InvariantCulture);
            await RedisClusterFixture.RunAsync("redis-cli", ["-p", port, "FLUSHALL"], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));
        }
    }

    private LedgerWriter Writer(RedisTradingStore store) =>
        new(new ListOutbox(store) { Only = new HashSet<AccountId>(_accounts) }, _ledger, Options.Create(new LedgerOptions()), _time, NullLogger<LedgerWriter>.Instance);

    private void Price(PriceBook book, decimal bid, decimal ask) =>
        _ = book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = bid, Ask = ask, Feed = "json", ReceivedAt = _time.GetUtcNow() }).Quote
            ?? throw new InvalidOperationException($"The book refused EURUSD {bid}/{ask}.");
}
