using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>
/// Prices go to a client in messages of several: each the latest of every symbol that changed, at most one message per
/// send interval (fixed pacing), or at once to a quiet client and at most one per gap (adaptive pacing).
/// </summary>
public sealed class StreamBatchingTests
{
    [Fact]
    public async Task Prices_that_arrive_within_the_send_interval_go_in_one_message_with_the_latest_of_each_symbol()
    {
        var start = TimeProvider.System.GetUtcNow();
        var time = new FakeTimeProvider(start);
        var prices = new SharedPrices(time);
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:Stream:SendInterval"] = "00:00:00.100" },
            shared: prices.Services,
            configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await using var client = await gateway.ConnectStreamAsync();
        await client.SubscribeAsync("EURUSD", "GBPUSD", "USDJPY");
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");

        // The first price after a quiet spell goes at once.
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 1, 1.0850m, 1.0851m, start));
        var first = await ReceivePricesAsync(client);

        // Within the interval, nothing is sent: the next message waits for the clock and then carries the latest of each.
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 2, 1.0852m, 1.0853m, start));
        await prices.Writer.WriteAsync(
            MarketPriceWriter.Price("EURUSD", 3, 1.0854m, 1.0855m, start),
            MarketPriceWriter.Price("GBPUSD", 1, 1.2674m, 1.2675m, start),
            MarketPriceWriter.Price("USDJPY", 1, 151.20m, 151.22m, start));
        time.Advance(TimeSpan.FromMilliseconds(100));
        var second = await ReceivePricesAsync(client);

        Assert.Equal([("EURUSD", 1L)], first.Select(Key));
        Assert.Equal([("EURUSD", 3L), ("GBPUSD", 1L), ("USDJPY", 1L)], second.Select(Key).Order());
        Assert.Equal(1.0854m, second.Single(p => p["symbol"]!.GetValue<string>() == "EURUSD")["bid"]!.GetValue<decimal>());
        var hub = gateway.App.Services.GetRequiredService<LivePriceStream>();
        var report = StreamDiagnosticsEndpoints.Report(hub, time);
        Assert.Equal(4, report.PricesSent);
        Assert.Equal(2, report.MessagesSent);
        Assert.Equal(1, report.PricesConflated);
    }

    [Fact]
    public async Task With_no_send_interval_each_price_of_a_burst_reaches_the_client_once()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:Stream:SendInterval"] = "00:00:00" }, shared: prices.Services);
        await using var client = await gateway.ConnectStreamAsync();
        var symbols = SharedPrices.FirstSymbols(20);
        await client.SubscribeAsync(symbols);
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");

        // One written batch of 20 symbols is announced as 20 prices; the client's send loop takes whatever has arrived.
        var now = TimeProvider.System.GetUtcNow();
        await prices.Writer.WriteAsync([.. symbols.Select((s, i) => MarketPriceWriter.Price(s, 1, 1.1m + i, 1.2m + i, now))]);
        var received = new List<string>();
        await client.ReceiveUntilAsync(
            _ => received.Distinct().Count() == symbols.Length,
            "every symbol's price",
            m =>
            {
                if (m["type"]!.GetValue<string>() == "price")
                {
                    received.Add(m["symbol"]!.GetValue<string>());
                }
            });

        // However the send loop's wakes fell, no price went twice and no message went empty.
        Assert.Equal(symbols.Order(), received.Order());
        Assert.InRange(client.PriceMessagesReceived, 1, symbols.Length);
    }

    [Fact]
    public async Task A_client_waiting_for_its_next_send_slot_gets_the_gateways_close_at_once()
    {
        var start = TimeProvider.System.GetUtcNow();
        var time = new FakeTimeProvider(start);
        var prices = new SharedPrices(time);
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Gateway:Stream:SendInterval"] = "00:00:01" },
            shared: prices.Services,
            configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await using var client = await gateway.ConnectStreamAsync();
        await client.SubscribeAsync("EURUSD");
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 1, 1.0850m, 1.0851m, start));
        await ReceivePricesAsync(client);

        // The client's send loop now waits a (fake) second for its next slot; the clock never moves.
        gateway.App.Services.GetRequiredService<LivePriceStream>().DisconnectAll("maintenance");
        var closed = await client.ReceiveMessageAsync();

        Assert.Null(closed);
        Assert.Equal("maintenance", client.CloseReason);
    }

    [Fact]
    public async Task A_quiet_client_gets_each_price_at_once_once_its_last_message_is_a_gap_old()
    {
        var start = TimeProvider.System.GetUtcNow();
        var time = new FakeTimeProvider(start);
        var prices = new SharedPrices(time);
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:Stream:Pacing"] = "Adaptive",
                ["Gateway:Stream:MinSendGap"] = "00:00:00.002",
                ["Gateway:Stream:MaxBatchDelay"] = "00:00:00.100",
            },
            shared: prices.Services,
            configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await using var client = await gateway.ConnectStreamAsync();
        await client.SubscribeAsync("EURUSD", "GBPUSD");
        await client.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the subscription's reply");

        await prices.Writer.WriteAsync(MarketPriceWriter.Price("EURUSD", 1, 1.0850m, 1.0851m, start));
        var first = await ReceivePricesAsync(client);

        // The client can read the message before the gateway's send returns: moving the clock then would count the send
        // as slow and space the next message as if the client were behind.
        var session = Assert.Single(gateway.App.Services.GetRequiredService<LivePriceStream>().Sessions);
        await Eventually.UntilAsync(() => !session.Sending, "the gateway's send of the first message returned");

        // More than the gap later, far less than the ceiling (a fixed slot would hold it 100 ms): sent without the clock moving again.
        time.Advance(TimeSpan.FromMilliseconds(5));
        await prices.Writer.WriteAsync(MarketPriceWriter.Price("GBPUSD", 1, 1.2674m, 1.2675m, start));
        var second = await ReceivePricesAsync(client);

        Assert.Equal("EURUSD", Assert.Single(first)["symbol"]!.GetValue<string>());
        Assert.Equal("GBPUSD", Assert.Single(second)["symbol"]!.GetValue<string>());
        var report = StreamDiagnosticsEndpoints.Report(gateway.App.Services.GetRequiredService<LivePriceStream>(), time);
        Assert.Equal(StreamPacing.Adaptive, report.Pacing.Mode);
        Assert.Equal(2, report.Pacing.MessagesSentAtOnce);
        Assert.Equal(0, report.Pacing.MessagesCoalesced);
        Assert.Equal(2, report.MessagesSent);
    }

    private static (string Symbol, long Sequence) Key(JsonObject price) => (price["symbol"]!.GetValue<string>(), price["sequence"]!.GetValue<long>());

    private static async Task<List<JsonObject>> ReceivePricesAsync(StreamClient client)
    {
        var message = await client.ReceiveMessageAsync() ?? throw new Xunit.Sdk.XunitException("The gateway closed the stream.");
        Assert.Equal("prices", message["type"]!.GetValue<string>());
        return [.. message["prices"]!.AsArray().Select(p => p!.AsObject())];
    }
}
