using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>A client that stops reading: conflated to the latest price per symbol, then disconnected with a reason, while the others go on.</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class SlowClientTests
{
    [Fact]
    public async Task A_slow_subscriber_is_conflated_then_dropped_with_a_reason_while_a_fast_one_is_unaffected()
    {
        var prices = new SharedPrices();
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:Stream:MaxClientLag"] = "00:00:02",
                ["Gateway:Stream:CloseTimeout"] = "00:00:30",
                ["Gateway:Stream:WatchInterval"] = "00:00:00.05",
                ["Gateway:Stream:SocketSendBufferBytes"] = "4096",
            },
            shared: prices.Services);
        var symbols = SharedPrices.FirstSymbols(20);
        await using var slow = await gateway.ConnectStreamAsync(gateway.Token(user: "slow"), receiveBufferBytes: 4096);
        await using var fast = await gateway.ConnectStreamAsync(gateway.Token(user: "fast"));
        await slow.SubscribeAsync(symbols);
        await fast.SubscribeAsync(symbols);
        await slow.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the slow client's subscription");
        await fast.ReceiveUntilAsync(m => m["type"]!.GetValue<string>() == "subscribed", "the fast client's subscription");

        // The fast client reads everything as it comes; the slow one reads nothing for now.
        var fastLatest = new Dictionary<string, long>();
        var fastInOrder = true;
        var fastReading = fast.ReceiveUntilAsync(
            _ => false,
            "nothing (reads until the stream ends)",
            m =>
            {
                if (m["type"]!.GetValue<string>() is "price")
                {
                    var symbol = m["symbol"]!.GetValue<string>();
                    var sequence = m["sequence"]!.GetValue<long>();
                    fastInOrder &= !fastLatest.TryGetValue(symbol, out var before) || sequence > before;
                    lock (fastLatest)
                    {
                        fastLatest[symbol] = sequence;
                    }
                }
            },
            TimeSpan.FromMinutes(2));

        long sequence = 0;
        async Task PublishRoundsAsync(int rounds)
        {
            for (var round = 0; round < rounds; round++)
            {
                sequence++;
                var now = TimeProvider.System.GetUtcNow();
                var batch = symbols.Select((s, i) => MarketPriceWriter.Price(s, sequence, 1.2000m + (sequence * 0.00001m) + i, 1.2001m + (sequence * 0.00001m) + i, now)).ToArray();
                Assert.Equal(batch.Length, (await prices.Writer.WriteAsync(batch)).Count);
            }
        }

        // The feed goes on until the slow client's socket is full and its slots have waited too long.
        var dropped = await Eventually.ValueAsync(
            async () =>
            {
                await PublishRoundsAsync(20);
                return await SlowClientAsync(gateway);
            },
            c => c?["closing"] is not null,
            "the slow client is disconnected for being too far behind");
        Assert.StartsWith("too slow: prices waited", dropped!["closing"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(dropped["prices_conflated"]!.GetValue<long>() > 0, "the slow client's unsent prices were replaced by newer ones");
        Assert.True(dropped["prices_sent"]!.GetValue<long>() < sequence * symbols.Length, "the slow client was not sent every price");

        // The fast client has every symbol's last price, and keeps getting new ones after the slow one was dropped.
        await Eventually.UntilAsync(() => { lock (fastLatest) { return symbols.All(s => fastLatest.GetValueOrDefault(s) == sequence); } }, "the fast client has every latest price");
        await PublishRoundsAsync(1);
        await Eventually.UntilAsync(() => { lock (fastLatest) { return symbols.All(s => fastLatest.GetValueOrDefault(s) == sequence); } }, "the fast client has the newest round");
        Assert.True(fastInOrder, "the fast client never got an older price after a newer one");

        // The slow client, reading at last, gets what was in flight (never older after newer), then the close with its reason.
        var slowLatest = new Dictionary<string, long>();
        while (await slow.ReceiveAsync() is { } message)
        {
            if (message["type"]!.GetValue<string>() == "price")
            {
                var symbol = message["symbol"]!.GetValue<string>();
                var got = message["sequence"]!.GetValue<long>();
                Assert.True(!slowLatest.TryGetValue(symbol, out var before) || got > before, $"{symbol}: {got} after {before}");
                slowLatest[symbol] = got;
            }
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, slow.CloseStatus);
        Assert.StartsWith("too slow", slow.CloseReason, StringComparison.Ordinal);
        var report = await Eventually.ValueAsync(
            () => gateway.GetJsonAsync("/api/debug/streams"), r => r["clients_connected"]!.GetValue<int>() == 1, "the slow client is gone");
        Assert.Equal(1, report["clients_dropped_slow"]!.GetValue<long>());
        Assert.False(fastReading.IsCompleted, "the fast client is still connected");
    }

    private static async Task<JsonNode?> SlowClientAsync(RunningGateway gateway)
    {
        var report = await gateway.GetJsonAsync("/api/debug/streams");
        return report["clients"]!.AsArray().FirstOrDefault(c => c!["user"]!.GetValue<string>() == "live:slow");
    }
}
