using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.IntegrationTests.Gateway;

/// <summary>The gateway on a real Redis Cluster: what a client is shown is what Redis holds, through the sharded <c>prices:{market:SYMBOL}</c> channels.</summary>
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
}
