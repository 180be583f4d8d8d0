using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Market.Hosting;
using Tickwatch.Storage.Redis;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>
/// A far-future or negative source time on either protocol, and a version from 2100 already in Redis at start, never
/// freeze a symbol: the book and Redis follow the next valid prices.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class PoisonedTimeOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private const string Symbol = "EURUSD";
    private static readonly DateTimeOffset Year2100 = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Far_future_and_negative_times_on_both_protocols_and_a_poisoned_stored_version_leave_the_symbol_tracking_valid_prices()
    {
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        await database.KeyDeleteAsync("market:" + Symbol);
        var store = new RedisPriceStore(cluster.Connection, TimeProvider.System);
        await store.WriteAsync([MarketPriceWriter.Price(Symbol, 1, 1.5000m, 1.5002m, Year2100)], default);
        await using var feeds = await ScriptedFeedServer.StartAsync("json", "binary");
        await using var market = BuildMarket(feeds);
        await market.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(market.Urls.First()) };

            // The restart: the version from 2100 is not restored.
            var warmup = await Eventually.ValueAsync(
                async () => JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/warmup", UriKind.Relative)))!,
                w => w["last"] is not null,
                "the warm-up at start");
            Assert.Equal(1, warmup["last"]!["result"]!["future_versions"]!.GetValue<int>());

            long sequence = 0;
            foreach (var (feed, protocol, type, bid) in new[]
            {
                ("json", FeedProtocol.Json, WebSocketMessageType.Text, 1.1000m),
                ("binary", FeedProtocol.Protobuf, WebSocketMessageType.Binary, 1.1010m),
            })
            {
                var encoder = FeedCodecs.CreateEncoder(protocol);
                await feeds.SendAsync(feed, Frame(encoder, 1.2000m, ++sequence, Year2100), type);
                await feeds.SendAsync(feed, Frame(encoder, 1.3000m, ++sequence, DateTimeOffset.FromUnixTimeMilliseconds(-86_400_000)), type);
                await feeds.SendAsync(feed, Frame(encoder, bid, ++sequence, DateTimeOffset.UtcNow), type);

                await Eventually.UntilAsync(async () => await BookBidAsync(http) == bid && await RedisBidAsync(database) == bid, $"{feed}: the book and Redis show {bid}");
                var errors = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/websocket", UriKind.Relative)))!["feeds"]![feed]!["error_analysis"]!["parse_errors_by_category"]!;
                Assert.Equal((1, 1), (errors["future_timestamp"]!.GetValue<long>(), errors["invalid_timestamp"]!.GetValue<long>()));
            }

            // Redis holds the time the price was received, in ms, and a version of now, not of 2100.
            var fields = await database.HashGetAsync("market:" + Symbol, ["ts", "ver_us"]);
            var now = DateTimeOffset.UtcNow;
            var ts = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)fields[0]!, CultureInfo.InvariantCulture));
            Assert.InRange(ts, now.AddMinutes(-1), now);
            Assert.True(long.Parse((string)fields[1]!, CultureInfo.InvariantCulture) <= PriceVersion.ToUnixMicros(now.AddSeconds(5)));
        }
        finally
        {
            await market.StopAsync();
        }
    }

    private static byte[] Frame(IFeedFrameEncoder encoder, decimal bid, long sequence, DateTimeOffset sourceTime)
    {
        var output = new ArrayBufferWriter<byte>();
        encoder.Encode([new WirePrice(Symbol, bid, bid + 0.0002m)], sequence, sourceTime, output);
        return output.WrittenSpan.ToArray();
    }

    private static async Task<decimal?> BookBidAsync(HttpClient http)
    {
        var report = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/debug/market-data", UriKind.Relative)))!;
        return report["symbol_analysis"]![Symbol]!["bid"]?.GetValue<decimal>();
    }

    private static async Task<decimal?> RedisBidAsync(StackExchange.Redis.IDatabase database)
    {
        var bid = await database.HashGetAsync("market:" + Symbol, "bid");
        return bid.IsNull ? null : decimal.Parse((string)bid!, CultureInfo.InvariantCulture);
    }

    private WebApplication BuildMarket(ScriptedFeedServer feeds) => MarketServiceHost.Build([], b =>
    {
        b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Market:Port"] = "0",
            ["Ledger:Enabled"] = "false", // the ledger is not what these hosts test; its own tests turn it on
            ["Redis:Configuration"] = cluster.Cluster.Seeds,
            ["Feeds:0:Name"] = "json",
            ["Feeds:0:Protocol"] = "Json",
            ["Feeds:0:Url"] = feeds.Url("json").ToString(),
            ["Feeds:0:NoDataTimeout"] = "00:05:00",
            ["Feeds:1:Name"] = "binary",
            ["Feeds:1:Protocol"] = "Protobuf",
            ["Feeds:1:Url"] = feeds.Url("binary").ToString(),
            ["Feeds:1:NoDataTimeout"] = "00:05:00",
        });
        b.Logging.ClearProviders();
    });
}
