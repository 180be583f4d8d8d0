using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>Adaptive pacing through a real gateway: a quiet client is sent each price as it comes, without waiting for a slot.</summary>
public sealed class AdaptivePacingTests
{
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

    private static async Task<List<JsonObject>> ReceivePricesAsync(StreamClient client)
    {
        var message = await client.ReceiveMessageAsync() ?? throw new Xunit.Sdk.XunitException("The gateway closed the stream.");
        Assert.Equal("prices", message["type"]!.GetValue<string>());
        return [.. message["prices"]!.AsArray().Select(p => p!.AsObject())];
    }
}
