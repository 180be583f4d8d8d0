using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Market.Hosting;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>A market service started on the cluster shows the stored prices at once, as warmed-up and never fresh, before any feed delivers.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class MarketWarmupOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task At_start_the_prices_stored_in_redis_are_shown_warmed_up_until_a_live_one_arrives()
    {
        var receivedAt = TimeProvider.System.GetUtcNow().AddMinutes(-2);
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        var written = await store.WriteAsync([MarketPriceWriter.Price("AUDCAD", 1, 0.90412m, 0.90431m, receivedAt), MarketPriceWriter.Price("XAGUSD", 1, 30.112m, 30.141m, receivedAt)], default);
        Assert.All(written, w => Assert.Equal(PriceWriteOutcome.Written, w.Outcome));

        await using var market = BuildMarket();
        await market.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(market.Urls.First()) };
            var warmup = await WarmupAtStartAsync(http);
            Assert.Equal("start", warmup["last"]!["trigger"]!.GetValue<string>());
            Assert.True(warmup["last"]!["result"]!["succeeded"]!.GetValue<bool>());

            var report = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/market-data", UriKind.Relative)))!;
            var audcad = report["symbol_analysis"]!["AUDCAD"]!;
            Assert.Equal((0.90412m, 0.90431m), (audcad["bid"]!.GetValue<decimal>(), audcad["ask"]!.GetValue<decimal>()));
            Assert.True(audcad["is_warmup"]!.GetValue<bool>());
            Assert.Equal("missing", audcad["freshness"]!.GetValue<string>());
            Assert.True(audcad["age_seconds"]!.GetValue<double>() >= 119, "the age is the stored price's real age");
            Assert.Equal(0, report["data_freshness"]!["fresh_symbols"]!.GetValue<int>());
            Assert.Contains("XAGUSD", report["data_freshness"]!["warmup_symbols"]!.AsArray().Select(s => s!.GetValue<string>()));
        }
        finally
        {
            await market.StopAsync();
        }
    }

    [Fact]
    public async Task At_start_a_hash_the_reference_wrote_is_shown_and_an_old_form_key_of_an_earlier_tickwatch_is_moved_to_the_reference_key()
    {
        var now = TimeProvider.System.GetUtcNow();
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();

        // As the reference writes a price: bid, ask and ts only, under its literal key.
        await database.KeyDeleteAsync("market:EURCHF");
        await database.HashSetAsync("market:EURCHF", [new("bid", "0.93812"), new("ask", "0.93833"), new("ts", now.AddMinutes(-3).ToUnixTimeMilliseconds())]);

        // As an earlier Tickwatch's script left one: every field, under market:{SYMBOL}.
        var oldAt = now.AddMinutes(-1);
        await database.KeyDeleteAsync("market:NZDJPY");
        await database.HashSetAsync("market:{NZDJPY}",
        [
            new("bid", "91.412"), new("ask", "91.431"), new("ts", oldAt.ToUnixTimeMilliseconds()), new("received_at", PriceVersion.ToUnixMicros(oldAt)),
            new("book_seq", 17), new("feed", "json"), new("ver_us", PriceVersion.ToUnixMicros(oldAt)), new("ver_seq", 17),
        ]);

        await using var market = BuildMarket();
        await market.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(market.Urls.First()) };
            var warmup = await WarmupAtStartAsync(http);
            var oldKeys = warmup["last"]!["result"]!["old_keys"]!;
            Assert.True(oldKeys["moved"]!.GetValue<int>() >= 1, oldKeys.ToJsonString());
            Assert.True(oldKeys["complete"]!.GetValue<bool>(), oldKeys.ToJsonString());

            var report = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/market-data", UriKind.Relative)))!;
            var eurchf = report["symbol_analysis"]!["EURCHF"]!;
            Assert.Equal((0.93812m, 0.93833m, true), (eurchf["bid"]!.GetValue<decimal>(), eurchf["ask"]!.GetValue<decimal>(), eurchf["is_warmup"]!.GetValue<bool>()));
            var nzdjpy = report["symbol_analysis"]!["NZDJPY"]!;
            Assert.Equal((91.412m, 91.431m, true), (nzdjpy["bid"]!.GetValue<decimal>(), nzdjpy["ask"]!.GetValue<decimal>(), nzdjpy["is_warmup"]!.GetValue<bool>()));

            var moved = await database.HashGetAsync("market:NZDJPY", ["bid", "ask", "ts"]);
            Assert.Equal(["91.412", "91.431", oldAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)], moved.Select(v => (string)v!));
            Assert.False(await database.KeyExistsAsync("market:{NZDJPY}"));
        }
        finally
        {
            await market.StopAsync();
        }
    }

    private WebApplication BuildMarket() => MarketServiceHost.Build([], b =>
    {
        b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Market:Port"] = "0",
            ["Ledger:Enabled"] = "false", // the ledger is not what these hosts test; its own tests turn it on
            ["Redis:Configuration"] = cluster.Cluster.Seeds,
            // Feeds that never answer: whatever the book shows comes from the store.
            ["Feeds:0:Name"] = "json",
            ["Feeds:0:Protocol"] = "Json",
            ["Feeds:0:Url"] = "ws://127.0.0.1:1/ws/json",
        });
        b.Logging.ClearProviders();
    });

    private static Task<JsonNode> WarmupAtStartAsync(HttpClient http) => Eventually.ValueAsync(
        async () => JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/warmup", UriKind.Relative)))!,
        w => w["last"] is not null,
        "the warm-up at start");
}
