using System.Net.Http.Json;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Simulators.Tests.Support;

using Tickwatch.Testing;

namespace Tickwatch.Simulators.Tests;

/// <summary>Every fault kind has an effect a client can see.</summary>
public sealed class QuoteHubFaultTests
{
    [Fact]
    public async Task Drop_aborts_the_feeds_connections_and_leaves_the_other_feed_alone()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        var fault = await hub.InjectAsync(new { kind = "drop", feed = "json" });

        await json.WaitEndedAsync();
        Assert.Null(json.CloseStatus);
        Assert.False(fault.Active);
        await Eventually.UntilAsync(() => hub.Connections("json") == 0, "the hub has forgotten the dropped connection");
        await hub.SetPriceAsync("EURUSD", 1.1m, 1.1001m);
        Assert.Equal(WebSocketState.Open, binary.State);
        Assert.Contains("EURUSD", (await binary.NextDecodedAsync()).Prices.Keys);
    }

    [Fact]
    public async Task Drop_with_a_duration_refuses_new_connections_until_cleared()
    {
        await using var hub = await RunningHub.StartAsync();

        var fault = await hub.InjectAsync(new { kind = "drop", feed = "json", duration_ms = 60_000 });

        Assert.True(fault.Active);
        Assert.Equal(503, await FeedClient.ConnectExpectingRefusalAsync(hub.FeedAddress("json")));
        Assert.True(hub.Feed("json").RefusingConnections);
        await hub.ConnectAsync("binary");
        using var deleted = await hub.Http.DeleteAsync($"/control/faults/{fault.Id}");
        Assert.Equal(204, (int)deleted.StatusCode);
        await hub.ConnectAsync("json");
    }

    [Fact]
    public async Task Stall_sends_nothing_while_the_socket_stays_open()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        var stall = await hub.InjectAsync(new { kind = "stall", feed = "json" });
        await hub.SetPriceAsync("EURUSD", 1.1m, 1.1001m);
        await binary.NextDecodedAsync();

        Assert.Equal(0, json.Pending);
        Assert.Equal(WebSocketState.Open, json.State);
        Assert.True(hub.Feed("json").Stalled);
        Assert.Equal(0, hub.Feed("json").FramesSent);

        using var _ = await hub.Http.DeleteAsync($"/control/faults/{stall.Id}");
        await hub.SetPriceAsync("EURUSD", 1.2m, 1.2001m);

        // The stalled price never went out: the first JSON frame is the one after the stall.
        var first = await json.NextDecodedAsync();
        Assert.Equal(1, first.Sequence);
        Assert.Equal((1.2m, 1.2001m), first.Prices["EURUSD"]);
    }

    [Fact]
    public async Task Garbage_replaces_the_next_frames_with_invalid_payloads_of_the_feeds_frame_type()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        var fault = await hub.InjectAsync(new { kind = "garbage", count = 2 });
        Assert.Equal(2, fault.RemainingCount);
        await hub.SetPriceAsync("EURUSD", 1.1m, 1.1001m);
        await hub.SetPriceAsync("EURUSD", 1.2m, 1.2001m);
        await hub.SetPriceAsync("EURUSD", 1.3m, 1.3001m);

        for (var i = 0; i < 2; i++)
        {
            var text = await json.NextAsync();
            Assert.Equal(WebSocketMessageType.Text, text.Type);
            Assert.False(FrameDecoder.IsValidJson(text), text.Text);
            var bytes = await binary.NextAsync();
            Assert.Equal(WebSocketMessageType.Binary, bytes.Type);
            Assert.False(FrameDecoder.IsValidProtobuf(bytes));
        }

        Assert.Equal((1.3m, 1.3001m), (await json.NextDecodedAsync()).Prices["EURUSD"]);
        Assert.Equal((1.3m, 1.3001m), (await binary.NextDecodedAsync()).Prices["EURUSD"]);
        Assert.Empty(await hub.GetAsync<List<FaultView>>("/control/faults"));
    }

    [Fact]
    public async Task Truncate_cuts_the_next_frame_short()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");

        await hub.InjectAsync(new { kind = "truncate", feed = "json" });
        await hub.SetPriceAsync("EURUSD", 1.10000m, 1.10010m);
        await hub.SetPriceAsync("EURUSD", 1.20000m, 1.20010m);

        var cut = await json.NextAsync();
        var whole = await json.NextAsync();
        Assert.Equal(WebSocketMessageType.Text, cut.Type);
        Assert.StartsWith("{", cut.Text);
        Assert.True(cut.Payload.Length < whole.Payload.Length, $"{cut.Text} is not shorter than {whole.Text}");
        Assert.False(FrameDecoder.IsValidJson(cut));
        Assert.Equal(2, FrameDecoder.Decode(whole).Sequence);
    }

    [Fact]
    public async Task Duplicate_sends_the_next_frame_twice_with_the_same_sequence()
    {
        await using var hub = await RunningHub.StartAsync();
        var binary = await hub.ConnectAsync("binary");

        await hub.InjectAsync(new { kind = "duplicate", feed = "binary" });
        await hub.SetPriceAsync("EURUSD", 1.1m, 1.1001m);
        await hub.SetPriceAsync("EURUSD", 1.2m, 1.2001m);

        var first = await binary.NextAsync();
        var again = await binary.NextAsync();
        var next = await binary.NextDecodedAsync();
        Assert.Equal(first.Payload, again.Payload);
        Assert.Equal(1, FrameDecoder.Decode(again).Sequence);
        Assert.Equal(2, next.Sequence);
    }

    [Fact]
    public async Task Out_of_order_sends_a_frame_after_its_successor()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");

        await hub.InjectAsync(new { kind = "out_of_order", feed = "json" });
        await hub.SetPriceAsync("EURUSD", 1.1m, 1.1001m);
        await hub.SetPriceAsync("EURUSD", 1.2m, 1.2001m);
        await hub.SetPriceAsync("EURUSD", 1.3m, 1.3001m);

        var sequences = new List<long?>();
        for (var i = 0; i < 3; i++)
        {
            sequences.Add((await json.NextDecodedAsync()).Sequence);
        }

        Assert.Equal([2, 1, 3], sequences);
    }

    [Fact]
    public async Task Spike_multiplies_one_price_of_the_symbol_on_the_feed()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        await hub.InjectAsync(new { kind = "spike", feed = "json", symbol = "EURUSD", factor = 1.5m });
        await hub.SetPriceAsync("EURUSD", 1.10000m, 1.10020m);
        await hub.SetPriceAsync("EURUSD", 1.10010m, 1.10030m);

        Assert.Equal((1.65m, 1.6503m), (await json.NextDecodedAsync()).Prices["EURUSD"]);
        Assert.Equal((1.1m, 1.1002m), (await binary.NextDecodedAsync()).Prices["EURUSD"]);
        Assert.Equal((1.1001m, 1.1003m), (await json.NextDecodedAsync()).Prices["EURUSD"]);
    }

    [Fact]
    public async Task Freeze_removes_the_symbol_while_the_others_keep_flowing()
    {
        await using var hub = await RunningHub.StartAsync(o => o.MaxPricesPerFrame = 100);
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        var freeze = await hub.InjectAsync(new { kind = "freeze", symbol = "GBPUSD" });
        await hub.Engine.TickAllAsync();

        foreach (var client in new[] { json, binary })
        {
            var frame = await client.NextDecodedAsync();
            Assert.DoesNotContain("GBPUSD", frame.Prices.Keys);
            Assert.Equal(57, frame.Prices.Count);
        }

        using var _ = await hub.Http.DeleteAsync($"/control/faults/{freeze.Id}");
        await hub.Engine.TickAllAsync();
        Assert.Contains("GBPUSD", (await json.NextDecodedAsync()).Prices.Keys);
    }

    [Fact]
    public async Task Diverge_offsets_one_feed_against_the_other()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        await hub.InjectAsync(new { kind = "diverge", feed = "binary", offset = 0.01m });
        await hub.SetPriceAsync("EURUSD", 1.10000m, 1.10020m);
        await hub.SetPriceAsync("USDJPY", 150.000m, 150.012m);

        Assert.Equal((1.1m, 1.1002m), (await json.NextDecodedAsync()).Prices["EURUSD"]);
        Assert.Equal((1.111m, 1.11120m), (await binary.NextDecodedAsync()).Prices["EURUSD"]);
        Assert.Equal((151.5m, 151.512m), (await binary.NextDecodedAsync()).Prices["USDJPY"]);
    }

    [Fact]
    public async Task Faults_with_a_duration_expire_on_the_hub_clock_that_drives_the_generator()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));
        await using var hub = await RunningHub.StartAsync(
            o =>
            {
                o.GenerateTicks = true;
                o.RateMultiplier = 10;
            },
            time);
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        await AdvanceUntilAsync(time, () => json.Pending > 0 && binary.Pending > 0, "both feeds have frames");
        var stall = await hub.InjectAsync(new { kind = "stall", feed = "json", duration_ms = 1000 });
        Assert.Equal(1000, stall.RemainingMs);

        // Reading a price takes the publishing lock, so a round that began before the stall has finished.
        await hub.Engine.GetPriceAsync("EURUSD");
        while (json.TryTake(out _))
        {
        }

        var jsonSentBefore = hub.Feed("json").FramesSent;
        var binarySentBefore = hub.Feed("binary").FramesSent;
        time.Advance(TimeSpan.FromMilliseconds(600));
        await Eventually.UntilAsync(() => hub.Feed("binary").FramesSent > binarySentBefore, "the binary feed has sent during the stall");
        Assert.Equal(jsonSentBefore, hub.Feed("json").FramesSent);
        var faults = await hub.GetAsync<List<FaultView>>("/control/faults");
        Assert.Equal(400, Assert.Single(faults).RemainingMs);

        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Empty(await hub.GetAsync<List<FaultView>>("/control/faults"));
        await AdvanceUntilAsync(time, () => json.Pending > 0, "the JSON feed flows again");
        Assert.Equal(WebSocketState.Open, json.State);
    }

    [Fact]
    public async Task A_fault_for_every_feed_counts_frames_on_each_feed()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        var binary = await hub.ConnectAsync("binary");

        await hub.InjectAsync(new { kind = "duplicate", count = 1 });
        await hub.SetPriceAsync("EURUSD", 1.1m, 1.1001m);
        await hub.SetPriceAsync("EURUSD", 1.2m, 1.2001m);

        foreach (var client in new[] { json, binary })
        {
            Assert.Equal(1, (await client.NextDecodedAsync()).Sequence);
            Assert.Equal(1, (await client.NextDecodedAsync()).Sequence);
            Assert.Equal(2, (await client.NextDecodedAsync()).Sequence);
        }
    }

    [Fact]
    public async Task Clearing_all_faults_restores_normal_flow()
    {
        await using var hub = await RunningHub.StartAsync();
        var json = await hub.ConnectAsync("json");
        await hub.InjectAsync(new { kind = "stall" });
        await hub.InjectAsync(new { kind = "diverge", offset = 0.5m });

        using var response = await hub.Http.DeleteAsync("/control/faults");
        var cleared = await response.Content.ReadFromJsonAsync<FaultsCleared>(RunningHub.Json);
        await hub.SetPriceAsync("EURUSD", 1.1m, 1.1001m);

        Assert.Equal(2, cleared!.Cleared);
        Assert.Equal((1.1m, 1.1001m), (await json.NextDecodedAsync()).Prices["EURUSD"]);
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, string what)
    {
        // Each step fires the generator's timer once; the round then runs on the thread pool.
        await Eventually.UntilAsync(
            () =>
            {
                if (!condition())
                {
                    time.Advance(TimeSpan.FromMilliseconds(10));
                }

                return condition();
            },
            what);
    }
}
