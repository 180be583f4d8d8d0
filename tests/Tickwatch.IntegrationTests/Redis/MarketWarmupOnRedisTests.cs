using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tickwatch.Market.Hosting;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;

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

        await using var market = MarketServiceHost.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Market:Port"] = "0",
                ["Redis:Configuration"] = cluster.Cluster.Seeds,
                // Feeds that never answer: whatever the book shows comes from the store.
                ["Feeds:0:Name"] = "json",
                ["Feeds:0:Protocol"] = "Json",
                ["Feeds:0:Url"] = "ws://127.0.0.1:1/ws/json",
            });
            b.Logging.ClearProviders();
        });
        await market.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(market.Urls.First()) };
            var warmup = await Eventually.ValueAsync(
                async () => JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/warmup", UriKind.Relative)))!,
                w => w["last"] is not null,
                "the warm-up at start");
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
}
