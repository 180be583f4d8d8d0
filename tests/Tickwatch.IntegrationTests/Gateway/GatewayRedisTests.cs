using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;
using Tickwatch.Trading.Orders.Redis;
using Tickwatch.Trading.Portfolio.Redis;
using Tickwatch.Trading.Tests.OrderAnnouncements;
using Tickwatch.Trading.Tests.Portfolio;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.IntegrationTests.Gateway;

/// <summary>
/// The gateway on a real Redis Cluster: what a client is shown is what Redis holds, through the sharded
/// <c>prices:{market:SYMBOL}</c> channels, and its account's portfolio and orders through <c>portfolio_updates</c> and <c>order_updates</c>.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class GatewayRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private static int _run;

    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_price_a_client_receives_equals_the_one_in_Redis_for_the_same_sequence()
    {
        // Symbols of this run only, spread over the cluster's slots: no other test's newer price stands in the way.
        var run = Interlocked.Increment(ref _run).ToString(CultureInfo.InvariantCulture);
        string[] symbols = [.. Enumerable.Range(1, 6).Select(i => $"GW{run}X{i}{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}")];
        var settings = new Dictionary<string, string?> { ["Redis:Configuration"] = cluster.Cluster.Seeds };
        for (var i = 0; i < symbols.Length; i++)
        {
            settings[$"Prices:Symbols:{i}"] = symbols[i];
        }

        await using var gateway = await RunningGateway.StartAsync(settings);
        await using var client = await gateway.ConnectStreamAsync();
        await client.SubscribeAsync(symbols);
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");

        // Written as the market service writes: newer-wins into market:SYMBOL, then announced on prices:{market:SYMBOL}.
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var writer = new MarketPriceWriter(store, new RedisPriceAnnouncer(cluster.Connection, Options.Create(new RedisStoreOptions { Configuration = cluster.Cluster.Seeds })));
        const int Rounds = 40;
        var written = new Dictionary<(string, long), StoredPrice>();
        for (var n = 1; n <= Rounds; n++)
        {
            var now = TimeProvider.System.GetUtcNow();
            var batch = symbols.Select((s, i) => MarketPriceWriter.Price(s, n, 100.25m + (n * 0.01m) + i, 100.27m + (n * 0.01m) + i, now)).ToArray();
            foreach (var price in await writer.WriteAsync(batch))
            {
                written[(price.Symbol, price.BookSequence)] = price;
            }
        }

        var received = new List<JsonObject>();
        await client.ReceiveUntilAsync(
            _ => symbols.All(s => received.Any(m => m["symbol"]!.GetValue<string>() == s && m["sequence"]!.GetValue<long>() == Rounds)),
            "every symbol's last price",
            m =>
            {
                if (m["type"]!.GetValue<string>() == "price")
                {
                    received.Add(m);
                }
            });

        foreach (var message in received)
        {
            var price = written[(message["symbol"]!.GetValue<string>(), message["sequence"]!.GetValue<long>())];
            Assert.Equal(price.Bid, message["bid"]!.GetValue<decimal>());
            Assert.Equal(price.Ask, message["ask"]!.GetValue<decimal>());
            Assert.Equal(price.ReceivedAt, message["received_at"]!.GetValue<DateTimeOffset>());
        }

        var inRedis = await store.ReadManyAsync(symbols, default);
        foreach (var stored in inRedis)
        {
            Assert.NotNull(stored);
            var last = received.Last(m => m["symbol"]!.GetValue<string>() == stored.Symbol);
            Assert.Equal(stored.BookSequence, last["sequence"]!.GetValue<long>());
            Assert.Equal(stored.Bid, last["bid"]!.GetValue<decimal>());
            Assert.Equal(stored.Ask, last["ask"]!.GetValue<decimal>());
            var quote = await gateway.GetJsonAsync("/api/quotes/" + stored.Symbol);
            Assert.Equal(stored.BookSequence, quote["sequence"]!.GetValue<long>());
            Assert.Equal(stored.Bid, quote["bid"]!.GetValue<decimal>());
            Assert.Equal(stored.Ask, quote["ask"]!.GetValue<decimal>());
        }
    }

    [Fact]
    public async Task With_the_real_market_service_writing_to_Redis_a_client_is_shown_what_Redis_holds()
    {
        await using var system = await RunningSystem.StartAsync(new Dictionary<string, string?> { ["Redis:Configuration"] = cluster.Cluster.Seeds });
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = cluster.Cluster.Seeds,
            ["Gateway:MarketServiceUrl"] = system.Market.Urls.First(),
        });
        await using var client = await gateway.ConnectStreamAsync();
        string[] symbols = ["EURUSD", "XAUUSD", "BTCUSD"];
        await client.SubscribeAsync(symbols);
        var latest = new Dictionary<string, JsonObject>();
        var reading = client.ReceiveUntilAsync(
            _ => false,
            "nothing (reads until the test ends)",
            m =>
            {
                if (m["type"]!.GetValue<string>() == "price")
                {
                    lock (latest)
                    {
                        latest[m["symbol"]!.GetValue<string>()] = m;
                    }
                }
            },
            TimeSpan.FromMinutes(2));
        await Eventually.UntilAsync(() => { lock (latest) { return symbols.All(latest.ContainsKey); } }, "a live price of every symbol");

        // Frozen, each symbol keeps its last price: what the client was sent last must be what Redis holds.
        foreach (var symbol in symbols)
        {
            await system.InjectFaultAsync(new { kind = "freeze", symbol, duration_ms = 60_000 });
        }

        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        IReadOnlyList<StoredPrice?> inRedis = [];
        await Eventually.UntilAsync(
            async () =>
            {
                inRedis = await store.ReadManyAsync(symbols, default);
                lock (latest)
                {
                    return inRedis.All(p => p is not null && latest[p.Symbol]["sequence"]!.GetValue<long>() == p.BookSequence);
                }
            },
            "the client's last price of each symbol is the one in Redis");

        lock (latest)
        {
            foreach (var stored in inRedis)
            {
                Assert.Equal(stored!.Bid, latest[stored.Symbol]["bid"]!.GetValue<decimal>());
                Assert.Equal(stored.Ask, latest[stored.Symbol]["ask"]!.GetValue<decimal>());
            }
        }

        Assert.False(reading.IsFaulted, "the stream stayed open");
        var health = await gateway.GetJsonAsync("/api/debug/python-health");
        Assert.Equal("redis_cluster", health["market_service"]!["redis"]!["kind"]!.GetValue<string>());
        Assert.True(health["market_service"]!["redis"]!["connected"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_portfolio_channel_brings_each_client_its_accounts_portfolio_from_Redis_and_its_order_changes_and_nothing_of_another_account()
    {
        var mine = TradingStoreContract.NewAccountId();
        var other = TradingStoreContract.NewAccountId();
        var portfolios = new RedisPortfolioStore(cluster.Connection);
        var orders = new RedisOrderAnnouncements(cluster.Connection);
        var at = TimeProvider.System.GetUtcNow();
        await portfolios.WriteAsync(PortfolioStoreContract.Valued(mine) with { ComputedAt = at }, default);
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Redis:Configuration"] = cluster.Cluster.Seeds });
        await using var first = await gateway.ConnectStreamAsync(gateway.Token(user: Number(mine), userType: "live"));
        await using var second = await gateway.ConnectStreamAsync(gateway.Token(user: Number(mine), userType: "live"));
        await using var another = await gateway.ConnectStreamAsync(gateway.Token(user: Number(other), userType: "live"));
        var snapshots = new List<JsonObject>();
        foreach (var client in new[] { first, second, another })
        {
            await client.SendAsync(new { type = "subscribe", channel = "portfolio" });
            await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        }

        foreach (var client in new[] { first, second })
        {
            snapshots.Add(await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "portfolio", "the stored portfolio at once"));
        }

        await Eventually.ValueAsync(() => gateway.GetJsonAsync("/api/debug/streams"), r => r["portfolio"]!["subscribers"]!.GetValue<int>() == 3, "all three follow their account");

        // Written and announced as the market service does: the portfolio by its write script, the orders by PUBLISH.
        await portfolios.WriteAsync(PortfolioStoreContract.Valued(mine) with { ComputedAt = at.AddSeconds(1), Equity = 10_064.00m }, default);
        await orders.PublishAsync(OrderAnnouncementsContract.Closed(mine, "redis-1") with { Status = OrderStatus.Open, ClosePrice = null, Reason = null }, default);
        await orders.PublishAsync(OrderAnnouncementsContract.Closed(mine, "redis-1"), default);
        await portfolios.WriteAsync(PortfolioStoreContract.Valued(other) with { ComputedAt = at }, default);
        foreach (var client in new[] { first, second })
        {
            var heard = new List<JsonObject>();
            await client.ReceiveUntilAsync(
                _ => heard.Any(m => m["type"]!.GetValue<string>() == "order" && m["order"]!["status"]!.GetValue<string>() == "STOPLOSS")
                    && heard.Any(m => m["type"]!.GetValue<string>() == "portfolio" && m["portfolio"]!["equity"]!.GetValue<decimal>() == 10_064.00m),
                "the new portfolio and both order changes",
                heard.Add);
            Assert.Equal(["OPEN", "STOPLOSS"], heard.Where(m => m["type"]!.GetValue<string>() == "order").Select(m => m["order"]!["status"]!.GetValue<string>()));
            Assert.All(heard, m => Assert.Equal(mine.ToString(), (m["portfolio"] ?? m["order"])!["account"]!.GetValue<string>()));
        }

        var otherPortfolio = await another.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "portfolio", "its own account's portfolio");
        Assert.All(snapshots, s => Assert.Equal(10_063.00m, s["portfolio"]!["equity"]!.GetValue<decimal>()));
        Assert.Equal(other.ToString(), otherPortfolio["portfolio"]!["account"]!.GetValue<string>());
        await another.SendAsync(new { type = "ping" });
        var beforePong = new List<JsonObject>();
        await another.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "pong", "the pong", beforePong.Add);
        Assert.Equal(["pong"], beforePong.Select(m => m["type"]!.GetValue<string>()));
        var report = await gateway.GetJsonAsync("/api/debug/streams");
        Assert.Equal((2, 0), (report["portfolio"]!["accounts"]!.GetValue<int>(), report["portfolio"]!["subscribe_failures"]!.GetValue<long>()));
    }

    private static string Number(AccountId account) => account.Number.ToString(CultureInfo.InvariantCulture);
}
