using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders.Redis;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Store.Redis;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>What the Redis trading store does beyond the contract: the reference's keys letter for letter, exact money, expiry of final orders, scripts a node forgot.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisTradingStoreTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private RedisTradingStore _store = null!;
    private IDatabase _database = null!;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _store = new RedisTradingStore(cluster.Connection);
        _database = (await cluster.Connection.GetAsync(default)).GetDatabase();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_account_its_orders_and_its_outbox_are_in_the_references_keys_with_exact_text()
    {
        var id = TradingStoreContract.NewAccountId();
        var n = id.Number.ToString(CultureInfo.InvariantCulture);
        await _store.PutAccountAsync(TradingStoreContract.AccountOf(id) with { Route = ExecutionRoute.Provider }, default);
        var revision = (await _store.ReadAccountAsync(id, default))!.Revision;

        await _store.CommitAsync(
            new AccountCommit
            {
                Account = id,
                ExpectedRevision = revision,
                Orders = [TradingStoreContract.OrderOf(id, "0123456789abcdef0123456789abcdef")],
                BalanceChange = -8.75m,
                Events = [new TradingEvent("order_filled", "0123456789abcdef0123456789abcdef", "{\"volume\":1.25}", DateTimeOffset.UnixEpoch)],
                IdempotencyKey = "req-1",
                Result = "filled",
            },
            default);

        var config = await HashAsync("user:{live:" + n + "}:config");
        Assert.Equal("9991.25", config["wallet_balance"]);
        Assert.Equal(("100", "Standard", "provider", "trader@example.com"), (config["leverage"], config["group"], config["sending_orders"], config["email"]));
        Assert.Equal(("50", "10", "active", "USD"), (config["auto_cutoff_level"], config["auto_liquidation_level"], config["status"], config["currency"]));
        Assert.Equal((revision + 1).ToString(CultureInfo.InvariantCulture), config["revision"]);
        Assert.Equal("9991.25", (string?)await _database.HashGetAsync("user:{live:" + n + "}:config", "wallet_balance"));

        Assert.Equal(["0123456789abcdef0123456789abcdef"], (await _database.SetMembersAsync("user_orders_index:{live:" + n + "}")).Select(v => (string)v!));
        var holdings = await HashAsync("user_holdings:{live:" + n + "}:0123456789abcdef0123456789abcdef");
        Assert.Equal(("BUY", "OPEN", "1.25", "1.08525"), (holdings["type"], holdings["status"], holdings["volume"], holdings["open_price"]));
        Assert.Equal(("8.75", "-0.42", "1.07000"), (holdings["commission"], holdings["swap"], holdings["stop_loss"]));
        Assert.Equal("2026-12-02T12:00:00.1230000+00:00", holdings["created_at"]);
        Assert.Equal(("1.08500", "1.08520", "981", "json", "122"),
            (holdings["open_quote_bid"], holdings["open_quote_ask"], holdings["open_quote_book_sequence"], holdings["open_quote_feed"], holdings["open_quote_age_ms"]));
        Assert.False(holdings.ContainsKey("close_price"));
        Assert.Null(await _database.KeyTimeToLiveAsync("user_holdings:{live:" + n + "}:0123456789abcdef0123456789abcdef"));

        var outbox = await _database.ListRangeAsync("ledger_outbox:{live:" + n + "}");
        Assert.Equal(3, outbox.Length); // account_changed and balance_changed of the put, then the commit's
        using var entry = JsonDocument.Parse((string)outbox[^1]!);
        Assert.Equal(revision + 1, entry.RootElement.GetProperty("revision").GetInt64());
        Assert.Equal(("order_filled", "0123456789abcdef0123456789abcdef"), (entry.RootElement.GetProperty("kind").GetString(), entry.RootElement.GetProperty("order_id").GetString()));
        Assert.Equal("1.25", entry.RootElement.GetProperty("payload").GetProperty("volume").GetRawText());
        Assert.Equal(outbox.Select(e => (string)e!), await _store.ReadOutboxAsync(id, default));

        Assert.Equal("filled", (string?)await _database.StringGetAsync("user_requests:{live:" + n + "}:req-1"));
        Assert.InRange((await _database.KeyTimeToLiveAsync("user_requests:{live:" + n + "}:req-1"))!.Value, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
        Assert.True(await _database.SetContainsAsync("accounts_index", "live:" + n));
    }

    [Fact]
    public async Task Group_terms_are_in_the_references_hash_with_the_group_listed()
    {
        var group = "Keys" + TradingStoreContract.NewAccountId().Number.ToString(CultureInfo.InvariantCulture);
        await _store.PutTermsAsync(
            new GroupSymbolTerms
            {
                Group = group,
                Symbol = "EURUSD",
                Spread = 1.2m,
                SpreadPip = 0.0001m,
                ContractSize = 100_000m,
                ProfitCurrency = "USD",
                InstrumentType = Tickwatch.Core.Symbols.InstrumentKind.Forex,
                CommissionPerLot = 7.00m,
            },
            default);

        var hash = await HashAsync("groups:{" + group + "}:EURUSD");

        Assert.Equal(("1.2", "0.0001", "100000", "USD", "forex", "1"), (hash["spread"], hash["spread_pip"], hash["contract_size"], hash["profit"], hash["type"], hash["crypto_margin_factor"]));
        Assert.Equal(("7.00", "0", "0", "0.01", "100", "0.01"), (hash["commission"], hash["swap_long"], hash["swap_short"], hash["min_volume"], hash["max_volume"], hash["volume_step"]));
        Assert.True(await _database.SetContainsAsync("groups:{" + group + "}:symbols", "EURUSD"));
        Assert.True(await _database.SetContainsAsync("groups_index", group));
    }

    [Fact]
    public async Task A_balance_of_tenths_stays_exact_over_a_thousand_commits()
    {
        var id = TradingStoreContract.NewAccountId();
        await _store.PutAccountAsync(TradingStoreContract.AccountOf(id, balance: 0.1m), default);
        var revision = (await _store.ReadAccountAsync(id, default))!.Revision;
        var expected = 0.1m;

        for (var i = 0; i < 1_000; i++)
        {
            var change = i % 2 == 0 ? 0.2m : -0.1m;
            var outcome = await _store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, BalanceChange = change }, default);
            Assert.Equal(CommitStatus.Committed, outcome.Status);
            revision = outcome.Revision;
            expected += change;
        }

        Assert.Equal("50.1", expected.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("50.1", (string?)await _database.HashGetAsync("user:{" + id + "}:config", "wallet_balance"));
        Assert.Equal(50.1m, (await _store.ReadAccountAsync(id, default))!.Account.WalletBalance);
    }

    [Fact]
    public async Task A_final_order_leaves_the_index_its_holdings_expire_and_its_id_is_listed_as_closed()
    {
        var id = TradingStoreContract.NewAccountId();
        await _store.PutAccountAsync(TradingStoreContract.AccountOf(id), default);
        var revision = (await _store.ReadAccountAsync(id, default))!.Revision;
        var opened = await _store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [TradingStoreContract.OrderOf(id, "a"), TradingStoreContract.OrderOf(id, "b")] }, default);

        var closed = await _store.CommitAsync(
            new AccountCommit { Account = id, ExpectedRevision = opened.Revision, Orders = [TradingStoreContract.OrderOf(id, "a", OrderStatus.Closed)] }, default);
        await _store.CommitAsync(
            new AccountCommit { Account = id, ExpectedRevision = closed.Revision, Orders = [TradingStoreContract.OrderOf(id, "a", OrderStatus.Closed) with { CloseReason = "again" }] }, default);

        Assert.Equal(["b"], (await _database.SetMembersAsync("user_orders_index:{" + id + "}")).Select(v => (string)v!));
        Assert.InRange((await _database.KeyTimeToLiveAsync("user_holdings:{" + id + "}:a"))!.Value, TimeSpan.FromDays(6.99), TimeSpan.FromDays(7));
        Assert.Null(await _database.KeyTimeToLiveAsync("user_holdings:{" + id + "}:b"));
        Assert.Equal(["a"], (await _database.ListRangeAsync("user_orders_closed:{" + id + "}")).Select(v => (string)v!));
        Assert.Equal("again", (await _store.ReadOrderAsync(id, "a", default))!.CloseReason);
    }

    [Fact]
    public async Task A_dormant_accounts_order_events_expire_and_a_client_resuming_after_that_is_told_to_reload()
    {
        var id = TradingStoreContract.NewAccountId();
        await _store.PutAccountAsync(TradingStoreContract.AccountOf(id), default);
        var revision = (await _store.ReadAccountAsync(id, default))!.Revision;
        await _store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [TradingStoreContract.OrderOf(id, "a"), TradingStoreContract.OrderOf(id, "b")] }, default);
        var events = new RedisOrderEventStream(cluster.Connection);
        Assert.Equal(2, (await events.ReadSinceAsync(id, 0, 10, default)).Events.Count);

        Assert.InRange((await _database.KeyTimeToLiveAsync("order_events:{" + id + "}"))!.Value, TimeSpan.FromDays(6.99), TimeSpan.FromDays(7));

        // What the expiry leaves: the account's sequence, not its events.
        await _database.KeyDeleteAsync("order_events:{" + id + "}");
        var page = await events.ReadSinceAsync(id, 1, 10, default);
        Assert.True(page.Reset);
        Assert.Equal(2, page.Last);
    }

    [Fact]
    public async Task An_idempotency_key_with_braces_and_128_characters_answers_a_repeat_with_the_first_result()
    {
        var id = TradingStoreContract.NewAccountId();
        await _store.PutAccountAsync(TradingStoreContract.AccountOf(id), default);
        var revision = (await _store.ReadAccountAsync(id, default))!.Revision;
        var key = "{live:1}" + new string('k', 120);

        var first = await _store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, IdempotencyKey = key, Result = "one" }, default);
        var repeat = await _store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = first.Revision, IdempotencyKey = key, Result = "two" }, default);

        Assert.Equal((CommitStatus.Duplicate, first.Revision, "one"), (repeat.Status, repeat.Revision, repeat.PriorResult));
        Assert.Equal("one", await _store.ReadPriorResultAsync(id, key, default));
    }

    [Fact]
    public async Task A_commit_goes_through_after_every_master_forgot_the_scripts()
    {
        var id = TradingStoreContract.NewAccountId();
        await _store.PutAccountAsync(TradingStoreContract.AccountOf(id), default);
        var revision = (await _store.ReadAccountAsync(id, default))!.Revision;
        var multiplexer = await cluster.Connection.GetAsync(default);
        foreach (var server in multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            // The store's own connection has no admin commands; redis-cli does.
            var port = ((System.Net.IPEndPoint)server.EndPoint).Port.ToString(CultureInfo.InvariantCulture);
            await RedisClusterFixture.RunAsync("redis-cli", ["-p", port, "SCRIPT", "FLUSH"], new Dictionary<string, string>(), TimeSpan.FromSeconds(10));
        }

        var before = _store.ScriptReloads;
        var outcome = await _store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [TradingStoreContract.OrderOf(id, "after")], BalanceChange = 1.5m }, default);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.True(_store.ScriptReloads > before, "NOSCRIPT answers were sent again as EVAL");
        var state = (await _store.ReadAccountAsync(id, default))!;
        Assert.Equal((10_001.50m, "after"), (state.Account.WalletBalance, state.ActiveOrders.Single().Id));
    }

    private async Task<Dictionary<string, string>> HashAsync(string key) =>
        (await _database.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
}
