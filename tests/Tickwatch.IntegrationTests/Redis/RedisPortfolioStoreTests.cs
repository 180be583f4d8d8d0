using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Portfolio.Redis;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Tests.Portfolio;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>What the Redis portfolio store does beyond the contract: the reference's keys, fields and channels letter for letter, and unreadable data named.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisPortfolioStoreTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private RedisPortfolioStore _store = null!;
    private IDatabase _database = null!;
    private ISubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        await cluster.EnsureHealthyAsync();
        _store = new RedisPortfolioStore(cluster.Connection);
        var multiplexer = await cluster.Connection.GetAsync(default);
        _database = multiplexer.GetDatabase();
        _subscriber = multiplexer.GetSubscriber();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_portfolio_is_the_references_hash_with_exact_text_and_its_announcement_the_users_id()
    {
        var id = TradingStoreContract.NewAccountId();
        var n = id.Number.ToString(CultureInfo.InvariantCulture);
        var announced = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await _subscriber.SubscribeAsync(RedisChannel.Literal("portfolio_updates"), (_, message) => announced.Enqueue(message!));
        try
        {
            await _store.WriteAsync(PortfolioStoreContract.Valued(id) with { MarginLevel = null }, default);
            await Eventually.UntilAsync(() => announced.Contains("live:" + n), "portfolio_updates carries live:" + n);
        }
        finally
        {
            await _subscriber.UnsubscribeAsync(RedisChannel.Literal("portfolio_updates"));
        }

        var hash = (await _database.HashGetAllAsync("user_portfolio:{live:" + n + "}")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal(("10063.00", "10000.00", "8977.75"), (hash["equity"], hash["balance"], hash["free_margin"]));
        Assert.Equal(("1085.25", "1085.25", "1085.25"), (hash["used_margin"], hash["used_margin_executed"], hash["used_margin_all"]));
        Assert.Equal(("70.00", "63.00", "ok"), (hash["open_pnl"], hash["total_pl"], hash["calc_status"]));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 12, 0, 0, 250, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), hash["ts"]);
        Assert.Equal("EURUSD:981,USDJPY:55", hash["quote_sequences"]);
        Assert.False(hash.ContainsKey("margin_level"));
        Assert.False(hash.ContainsKey("degraded_symbols"));
    }

    [Fact]
    public async Task A_degraded_portfolio_names_its_symbols_and_deletes_the_figures()
    {
        var id = TradingStoreContract.NewAccountId();
        var key = "user_portfolio:{live:" + id.Number.ToString(CultureInfo.InvariantCulture) + "}";
        await _store.WriteAsync(PortfolioStoreContract.Valued(id), default);

        await _store.WriteAsync(
            new AccountPortfolio
            {
                Account = id,
                Balance = 10_000.00m,
                ComputedAt = DateTimeOffset.UnixEpoch,
                DegradedSymbols = new Dictionary<string, RefusalReason> { ["USDJPY"] = RefusalReason.StalePrice },
            },
            default);

        var hash = (await _database.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal(("degraded", "USDJPY:STALE_PRICE", "10000.00"), (hash["calc_status"], hash["degraded_symbols"], hash["balance"]));
        Assert.Equal(["balance", "calc_status", "degraded_symbols", "ts"], hash.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Holders_are_the_references_sets_and_a_recompute_request_its_json()
    {
        var id = new AccountId(UserType.StrategyProvider, TradingStoreContract.NewAccountId().Number);
        await _store.AddHolderAsync(id, ["NZDUSD"], default);
        Assert.True(await _database.SetContainsAsync("symbol_holders:NZDUSD:strategy_provider", id.ToString()));

        var heard = new System.Collections.Concurrent.ConcurrentQueue<IReadOnlyList<AccountId>>();
        await using (await _store.SubscribeRecalcAsync(heard.Enqueue, default))
        {
            var before = _store.MalformedRecalcRequests;
            await _subscriber.PublishAsync(RedisChannel.Literal("portfolio_force_recalc"), "not json");
            await _subscriber.PublishAsync(RedisChannel.Literal("portfolio_force_recalc"), "{\"users\":[\"" + id + "\",\"nobody\"]}");
            await Eventually.UntilAsync(() => heard.Any(h => h.Contains(id)), "the reference's request is heard");
            Assert.Equal([id], heard.First(h => h.Contains(id)));
            Assert.True(_store.MalformedRecalcRequests >= before + 2);
        }

        await _store.RemoveHolderAsync(id, ["NZDUSD"], default);
        Assert.False(await _database.SetContainsAsync("symbol_holders:NZDUSD:strategy_provider", id.ToString()));
    }

    [Fact]
    public async Task A_hash_that_cannot_be_read_is_a_store_error_naming_the_key_and_field()
    {
        var id = TradingStoreContract.NewAccountId();
        var key = "user_portfolio:{live:" + id.Number.ToString(CultureInfo.InvariantCulture) + "}";
        await _database.HashSetAsync(key, [new HashEntry("balance", "10000"), new HashEntry("ts", "1"), new HashEntry("equity", "1,5")]);

        var error = await Assert.ThrowsAsync<TradingStoreException>(() => _store.ReadAsync(id, default));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("equity", error.Message, StringComparison.Ordinal);
        Assert.True(_store.Failures >= 1);
    }
}
