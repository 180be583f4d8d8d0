using System.Net.WebSockets;
using Tickwatch.Core.Symbols;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Simulators.Tests.Support;

using Tickwatch.Testing;

namespace Tickwatch.Simulators.Tests;

/// <summary>The hub's feeds over real WebSockets on loopback.</summary>
public sealed class QuoteHubFeedTests
{
    [Fact]
    public async Task Both_feeds_carry_the_same_prices_from_the_same_ticks()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        await hub.Engine.TickAllAsync();

        var fromJson = await ReadSymbolsAsync(json, StandardInstruments.All.Count);
        var fromBinary = await ReadSymbolsAsync(binary, StandardInstruments.All.Count);
        Assert.Equal(StandardInstruments.All.Select(i => i.Symbol).Order(), fromJson.Keys.Order());
        foreach (var (symbol, price) in fromJson)
        {
            Assert.Equal(price, fromBinary[symbol]);
            Assert.True(price.Bid is not null || price.Ask is not null, symbol);
        }
    }

    [Fact]
    public async Task Frames_are_text_on_the_json_feed_and_binary_on_the_protobuf_feed()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        await hub.SetPriceAsync("EURUSD", 1.08520m, 1.08531m);

        Assert.Equal(WebSocketMessageType.Text, (await json.NextAsync()).Type);
        Assert.Equal(WebSocketMessageType.Binary, (await binary.NextAsync()).Type);
    }

    [Fact]
    public async Task A_price_set_through_the_control_api_arrives_exactly_on_every_feed()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        await hub.SetPriceAsync("XAUUSD", 2400.15m, 2400.42m);

        var expected = new Dictionary<string, (decimal?, decimal?)> { ["XAUUSD"] = (2400.15m, 2400.42m) };
        Assert.Equal(expected, (await json.NextDecodedAsync()).Prices);
        Assert.Equal(expected, (await binary.NextDecodedAsync()).Prices);
    }

    [Fact]
    public async Task A_price_set_with_one_side_is_sent_as_a_partial_update()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");

        await hub.SetPriceAsync("EURUSD", 1.10000m, 1.10012m);
        await hub.SetPriceAsync("EURUSD", 1.10003m, null);

        await json.NextAsync();
        var partial = await json.NextDecodedAsync();
        Assert.Equal((1.10003m, (decimal?)null), partial.Prices["EURUSD"]);
        var price = await hub.GetAsync<PriceView>("/control/prices/EURUSD");
        Assert.Equal(new PriceView("EURUSD", 1.10003m, 1.10012m), price);
    }

    [Fact]
    public async Task Sequences_start_at_one_and_increase_by_one_per_frame_on_each_feed()
    {
        await using var hub = await RunningHub.StartAsync(o => o.MaxPricesPerFrame = 20);
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        // 58 symbols in frames of 20: three frames per round.
        await hub.Engine.TickAllAsync();
        await hub.Engine.TickAllAsync();

        foreach (var client in new[] { json, binary })
        {
            var sequences = new List<long?>();
            for (var i = 0; i < 6; i++)
            {
                var frame = await client.NextDecodedAsync();
                Assert.True(frame.Prices.Count <= 20);
                sequences.Add(frame.Sequence);
            }

            Assert.Equal([1, 2, 3, 4, 5, 6], sequences);
        }
    }

    [Fact]
    public async Task Frames_carry_the_source_time_of_the_hub_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));
        await using var hub = await RunningHub.StartAsync(timeProvider: time);
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        await hub.SetPriceAsync("EURUSD", 1.1m, 1.1001m);

        Assert.Equal(time.GetUtcNow(), (await json.NextDecodedAsync()).SourceTime);
        Assert.Equal(time.GetUtcNow(), (await binary.NextDecodedAsync()).SourceTime);
    }

    [Fact]
    public async Task The_generator_streams_on_its_own_at_the_configured_rate()
    {
        await using var hub = await RunningHub.StartAsync(o =>
        {
            o.GenerateTicks = true;
            o.TargetUpdatesPerSecond = 5000;
        });
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        long? last = 0;
        for (var i = 0; i < 20; i++)
        {
            var frame = await json.NextDecodedAsync();
            Assert.True(frame.Sequence > last, $"sequence {frame.Sequence} after {last}");
            Assert.NotEmpty(frame.Prices);
            last = frame.Sequence;
        }

        await binary.NextDecodedAsync();
        await Eventually.UntilAsync(() => hub.Engine.Rate.MeasuredUpdatesPerSecond > 0, "the hub has measured its rate");
        Assert.Equal("running", hub.Engine.GetStatus().Generator.State);
    }

    [Fact]
    public async Task With_a_token_configured_only_clients_that_pass_it_may_connect()
    {
        await using var hub = await RunningHub.StartAsync(o => o.Token = "s3cret");

        Assert.Equal(401, await FeedClient.ConnectExpectingRefusalAsync(hub.FeedAddress("json")));
        Assert.Equal(401, await FeedClient.ConnectExpectingRefusalAsync(hub.FeedAddress("binary", "wrong")));
        var client = await hub.ConnectAsync("json", "s3cret");
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task A_plain_http_request_to_a_feed_is_refused_with_a_problem()
    {
        await using var hub = await RunningHub.StartAsync();

        using var response = await hub.Http.GetAsync("/ws/json");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_client_that_closes_is_forgotten_by_the_hub()
    {
        await using var hub = await RunningHub.StartAsync();
        var client = await hub.ConnectAsync("json");

        await client.DisposeAsync();

        await Eventually.UntilAsync(() => hub.Connections("json") == 0, "the hub has dropped the closed connection");
    }

    [Fact]
    public async Task Stopping_the_hub_closes_connections_cleanly()
    {
        var hub = await RunningHub.StartAsync();
        var client = await FeedClient.ConnectAsync(hub.FeedAddress("json"));
        await Eventually.UntilAsync(() => hub.Connections("json") == 1, "the connection is registered");

        await hub.DisposeAsync();

        await client.WaitEndedAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task A_client_that_does_not_read_loses_frames_under_the_drop_policy_and_they_are_counted()
    {
        await using var hub = await RunningHub.StartAsync(o =>
        {
            o.SyntheticSymbols = 2000;
            o.MaxPricesPerFrame = 500;
            o.ConnectionQueueCapacity = 2;
        });
        await hub.ConnectAsync("json", read: false);

        // The socket buffers fill first; after that the queue of two overflows.
        for (var round = 0; round < 2000 && hub.Feed("json").FramesDropped == 0; round++)
        {
            await hub.Engine.TickAllAsync();
        }

        var feed = hub.Feed("json");
        Assert.True(feed.FramesDropped > 0, "no frame was dropped");
        Assert.True(feed.FramesWritten + feed.FramesDropped <= feed.FramesSent);
    }

    [Fact]
    public async Task Under_backpressure_a_slow_client_loses_nothing()
    {
        await using var hub = await RunningHub.StartAsync(o =>
        {
            o.SlowClientPolicy = SlowClientPolicy.Backpressure;
            o.ConnectionQueueCapacity = 1;
            o.MaxPricesPerFrame = 5;
        });
        var json = await hub.ConnectAsync("json");

        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await hub.Engine.TickAllAsync();
            }
        });

        // 58 symbols in frames of 5: 12 frames a round.
        for (long expected = 1; expected <= 600; expected++)
        {
            Assert.Equal(expected, (await json.NextDecodedAsync()).Sequence);
        }

        await publishing;
        Assert.Equal(0, hub.Feed("json").FramesDropped);
    }

    [Fact]
    public async Task Synthetic_symbols_are_served_after_the_standard_ones()
    {
        await using var hub = await RunningHub.StartAsync(o => o.SyntheticSymbols = 1000);
        var json = await hub.ConnectAsync("json");

        await hub.Engine.TickAllAsync();

        var symbols = await ReadSymbolsAsync(json, StandardInstruments.All.Count + 1000);
        Assert.Contains("SYN0001", symbols.Keys);
        Assert.Contains("SYN1000", symbols.Keys);
        Assert.Equal(1058, hub.Engine.GetStatus().Symbols.Count);
    }

    private static async Task<Dictionary<string, (decimal? Bid, decimal? Ask)>> ReadSymbolsAsync(FeedClient client, int count)
    {
        var prices = new Dictionary<string, (decimal? Bid, decimal? Ask)>(StringComparer.Ordinal);
        while (prices.Count < count)
        {
            foreach (var (symbol, price) in (await client.NextDecodedAsync()).Prices)
            {
                prices.Add(symbol, price);
            }
        }

        return prices;
    }
}
