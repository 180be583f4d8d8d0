using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Simulators.Tests.Support;
using Tickwatch.Testing;

namespace Tickwatch.Simulators.Tests;

/// <summary>A hub feed replaying a <c>.twrec</c> recording over real WebSockets: pacing on the hub's clock, speed, loop, skipped control frames, torn files, the control API.</summary>
public sealed class QuoteHubReplayTests : IDisposable
{
    private static readonly DateTimeOffset Recorded = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset HubStart = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "twrec-replay-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task At_speed_1_each_frame_is_due_at_its_recorded_offset_on_the_hubs_clock_and_goes_out_only_then()
    {
        var file = Record(FeedProtocol.Json, (0, "f1"), (100, "f2"), (250, "f3"));
        var time = new FakeTimeProvider(HubStart);
        await using var hub = await StartAsync(file, FeedProtocol.Json, r => r.Speed = 1, time);
        await using var client = await hub.ConnectAsync("replay");

        Assert.Equal("f1", (await client.NextAsync()).Text);
        await UntilDueAsync(hub, HubStart.AddMilliseconds(100), sent: 1);
        Assert.Equal(0, client.Pending);

        time.Advance(TimeSpan.FromMilliseconds(99));
        await UntilDueAsync(hub, HubStart.AddMilliseconds(100), sent: 1);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("f2", (await client.NextAsync()).Text);
        await UntilDueAsync(hub, HubStart.AddMilliseconds(250), sent: 2);
        Assert.Equal(0, client.Pending);

        time.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal("f3", (await client.NextAsync()).Text);
        var status = await Eventually.ValueAsync(() => Task.FromResult(Replay(hub)), r => r.Finished, "the replay has finished");
        Assert.Equal((3L, 0L, 1L, Recorded.AddMilliseconds(250), false), (status.FramesSent, status.FramesSkipped, status.Passes, status.RecordedReached!.Value, status.Torn));
    }

    [Fact]
    public async Task A_speed_factor_divides_the_recorded_gaps_and_a_speed_change_applies_from_where_the_replay_is()
    {
        var file = Record(FeedProtocol.Json, (0, "f1"), (1000, "f2"), (3000, "f3"));
        var time = new FakeTimeProvider(HubStart);
        await using var hub = await StartAsync(file, FeedProtocol.Json, r => r.Speed = 4, time);
        await using var client = await hub.ConnectAsync("replay");

        Assert.Equal("f1", (await client.NextAsync()).Text);
        await UntilDueAsync(hub, HubStart.AddMilliseconds(250), sent: 1);
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal("f2", (await client.NextAsync()).Text);
        await UntilDueAsync(hub, HubStart.AddMilliseconds(750), sent: 2);

        // At speed 1 from here the last 2 s of the recording take 2 s.
        using var response = await hub.PostAsync("/control/replay", new { action = "speed", speed = 1 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await UntilDueAsync(hub, HubStart.AddMilliseconds(2250), sent: 2);
        time.Advance(TimeSpan.FromMilliseconds(2000));
        Assert.Equal("f3", (await client.NextAsync()).Text);
    }

    [Fact]
    public async Task At_speed_0_a_recording_an_hour_long_goes_out_at_once_in_order_and_verbatim()
    {
        var frames = Enumerable.Range(1, 500).Select(i => ((long)i * 7_200, $$"""{"n":{{i}}}""")).ToArray();
        var file = Record(FeedProtocol.Json, frames);
        var time = new FakeTimeProvider(HubStart);

        // The drop policy does not apply to a replay: a client that reads slowly still gets every frame.
        await using var hub = await StartAsync(file, FeedProtocol.Json, r => r.Speed = 0, time, o => o.ConnectionQueueCapacity = 4);
        await using var client = await hub.ConnectAsync("replay");

        foreach (var (_, text) in frames)
        {
            Assert.Equal(text, (await client.NextAsync()).Text);
        }

        var status = await Eventually.ValueAsync(() => Task.FromResult(Replay(hub)), r => r.Finished, "the replay has finished");
        Assert.Equal((500L, Recorded.AddMilliseconds(500 * 7_200L)), (status.FramesSent, status.RecordedReached!.Value));
        Assert.Equal(0, hub.Feed("replay").FramesDropped);
    }

    [Fact]
    public async Task A_looping_replay_starts_again_from_the_first_frame_at_the_end_of_the_file()
    {
        var file = Record(FeedProtocol.Json, (0, "f1"), (10, "f2"), (20, "f3"));
        var time = new FakeTimeProvider(HubStart);
        await using var hub = await StartAsync(file, FeedProtocol.Json, r => r.Loop = true, time);
        await using var client = await hub.ConnectAsync("replay");

        Assert.Equal("f1", (await client.NextAsync()).Text);
        await UntilDueAsync(hub, HubStart.AddMilliseconds(10), sent: 1);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("f2", (await client.NextAsync()).Text);
        await UntilDueAsync(hub, HubStart.AddMilliseconds(20), sent: 2);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("f3", (await client.NextAsync()).Text);

        // The second pass begins at once and keeps the recorded gaps from there; frames sent count over the passes.
        Assert.Equal("f1", (await client.NextAsync()).Text);
        var status = await UntilDueAsync(hub, HubStart.AddMilliseconds(30), sent: 4);
        Assert.Equal((1L, false), (status.Passes, status.Finished));
    }

    [Fact]
    public async Task The_venues_control_answers_in_a_binance_recording_are_skipped_and_counted_and_any_stream_is_accepted()
    {
        var file = Record(
            FeedProtocol.BinanceJson,
            (0, """{"result":null,"id":1}"""),
            (5, """{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}"""),
            (9, """{"e":"serverShutdown","E":1772460000009}"""),
            (12, """{"u":400900218,"s":"BNBUSDT","b":"25.35200000","B":"1.00000000","a":"25.36520000","A":"40.66000000"}"""));
        var time = new FakeTimeProvider(HubStart);
        await using var hub = await StartAsync(file, FeedProtocol.BinanceJson, r => r.Speed = 0, time, path: "/binance");

        // BNBUSDT is no symbol of the hub: a replay serves whatever was recorded, to whatever streams the client asked.
        await using var client = await FeedClient.ConnectAsync(new Uri(hub.FeedAddress("replay") + "/ws/bnbusdt@bookTicker"));

        Assert.StartsWith("""{"u":400900217,""", (await client.NextAsync()).Text, StringComparison.Ordinal);
        var second = await client.NextAsync();
        Assert.Equal(WebSocketMessageType.Text, second.Type);
        Assert.StartsWith("""{"u":400900218,""", second.Text, StringComparison.Ordinal);
        var status = await Eventually.ValueAsync(() => Task.FromResult(Replay(hub)), r => r.Finished, "the replay has finished");
        Assert.Equal((2L, 2L), (status.FramesSent, status.FramesSkipped));
        Assert.Equal(0, client.Pending);
    }

    [Fact]
    public async Task A_binance_replay_waits_for_a_subscription_before_its_first_frame()
    {
        var file = Record(FeedProtocol.BinanceJson, (0, """{"u":1,"s":"BNBUSDT","b":"25.35","B":"1","a":"25.36","A":"1"}"""));
        await using var hub = await StartAsync(file, FeedProtocol.BinanceJson, r => r.Speed = 0, new FakeTimeProvider(HubStart), path: "/binance");
        await using var client = await FeedClient.ConnectAsync(new Uri(hub.FeedAddress("replay") + "/ws"));
        await Eventually.UntilAsync(() => hub.Connections("replay") == 1, "the hub has registered the connection");
        Assert.Equal("waiting", Replay(hub).State);

        await client.SendTextAsync("""{"method":"SUBSCRIBE","params":["bnbusdt@bookTicker"],"id":7}""");

        Assert.Equal("""{"result":null,"id":7}""", (await client.NextAsync()).Text);
        Assert.StartsWith("""{"u":1,""", (await client.NextAsync()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_torn_recording_replays_up_to_the_tear_and_says_so()
    {
        var file = Record(FeedProtocol.Json, (0, "f1"), (1, "f2"), (2, "the frame the crash cut"));
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(stream.Length - 5);
        }

        await using var hub = await StartAsync(file, FeedProtocol.Json, r => r.Speed = 0, new FakeTimeProvider(HubStart));
        await using var client = await hub.ConnectAsync("replay");

        Assert.Equal("f1", (await client.NextAsync()).Text);
        Assert.Equal("f2", (await client.NextAsync()).Text);
        var status = await Eventually.ValueAsync(() => Task.FromResult(Replay(hub)), r => r.Finished, "the replay has finished");
        Assert.Equal((2L, true, true), (status.FramesSent, status.Torn, status.TornBytes > 0));
        Assert.Equal(0, client.Pending);
    }

    [Fact]
    public void A_replay_of_another_protocol_or_of_no_readable_file_is_refused_at_start_with_a_clear_message()
    {
        var file = Record(FeedProtocol.Json, (0, "f1"));
        var mismatch = Assert.Throws<OptionsValidationException>(() => QuoteHubHost.Build(Options(file, FeedProtocol.Protobuf, _ => { })));
        Assert.Contains($"QuoteHub:Feeds:0:Replay:File '{file}' was recorded from a Json feed, but feed 'replay' serves Protobuf", mismatch.Message, StringComparison.Ordinal);

        var missing = Path.Combine(_directory, "none.twrec");
        var absent = Assert.Throws<OptionsValidationException>(() => QuoteHubHost.Build(Options(missing, FeedProtocol.Json, r => r.Speed = -1)));
        Assert.Contains($"QuoteHub:Feeds:0:Replay:File '{missing}' cannot be replayed", absent.Message, StringComparison.Ordinal);
        Assert.Contains("QuoteHub:Feeds:0:Replay:Speed -1 must be 0", absent.Message, StringComparison.Ordinal);

        var notRecording = Path.Combine(_directory, "notes.twrec");
        File.WriteAllText(notRecording, "hello");
        var garbage = Assert.Throws<OptionsValidationException>(() => QuoteHubHost.Build(Options(notRecording, FeedProtocol.Json, _ => { })));
        Assert.Contains("is not a Tickwatch recording", garbage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_control_api_starts_a_manual_replay_pauses_resumes_restarts_and_refuses_bad_requests()
    {
        var file = Record(FeedProtocol.Json, (0, "f1"), (10, "f2"));
        var time = new FakeTimeProvider(HubStart);
        await using var hub = await StartAsync(file, FeedProtocol.Json, r => r.Start = ReplayStart.Manual, time);
        await using var client = await hub.ConnectAsync("replay");
        Assert.Equal("waiting", Replay(hub).State);

        await ControlAsync(hub, new { action = "start" });
        Assert.Equal("f1", (await client.NextAsync()).Text);
        await UntilDueAsync(hub, HubStart.AddMilliseconds(10), sent: 1);

        await ControlAsync(hub, new { feed = "replay", action = "pause" });
        await Eventually.UntilAsync(() => Replay(hub) is { State: "paused", NextFrameDue: null }, "the replay is paused");
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, Replay(hub).FramesSent);
        await ControlAsync(hub, new { action = "resume" });
        await UntilDueAsync(hub, HubStart.AddSeconds(5).AddMilliseconds(10), sent: 1);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal("f2", (await client.NextAsync()).Text);
        await Eventually.UntilAsync(() => Replay(hub).Finished, "the replay has finished");

        await ControlAsync(hub, new { action = "restart", speed = 0 });
        Assert.Equal("f1", (await client.NextAsync()).Text);
        Assert.Equal("f2", (await client.NextAsync()).Text);

        using var bad = await hub.PostAsync("/control/replay", new { feed = "json", action = "rewind", speed = -2 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("'json' is not a replaying feed of this hub (replaying: replay)", problem, StringComparison.Ordinal);
        Assert.Contains("action must be one of start, pause, resume, restart, speed.", problem, StringComparison.Ordinal);
        Assert.Contains("speed must be 0 (as fast as possible) or a positive factor", problem, StringComparison.Ordinal);
        var listed = await hub.GetAsync<ReplayStatus[]>("/control/replay");
        Assert.Equal(("replay", file), (Assert.Single(listed).Feed, listed[0].File));
    }

    [Fact]
    public async Task The_feeds_fault_injection_applies_to_the_replayed_frames()
    {
        var file = Record(FeedProtocol.Json, (0, "f1"), (1, "f2"), (2, "f3"));
        await using var hub = await StartAsync(file, FeedProtocol.Json, r => r.Start = ReplayStart.Manual, new FakeTimeProvider(HubStart));
        await using var client = await hub.ConnectAsync("replay");
        await hub.InjectAsync(new { kind = "duplicate", feed = "replay", count = 1 });

        await ControlAsync(hub, new { action = "start", speed = 0 });

        Assert.Equal(["f1", "f1", "f2", "f3"], [(await client.NextAsync()).Text, (await client.NextAsync()).Text, (await client.NextAsync()).Text, (await client.NextAsync()).Text]);
    }

    private static ReplayStatus Replay(RunningHub hub) => hub.Feed("replay").Replay!;

    private static Task<ReplayStatus> UntilDueAsync(RunningHub hub, DateTimeOffset due, long sent) =>
        Eventually.ValueAsync(
            () => Task.FromResult(Replay(hub)),
            r => r.NextFrameDue == due && r.FramesSent == sent,
            $"the replay waits for {due:HH:mm:ss.fff} after {sent} frames");

    private static async Task ControlAsync(RunningHub hub, object body)
    {
        using var response = await hub.PostAsync("/control/replay", body);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<RunningHub> StartAsync(
        string file, FeedProtocol protocol, Action<QuoteHubReplayOptions> replay, TimeProvider time, Action<QuoteHubOptions>? configure = null, string path = "/ws/replay") =>
        RunningHub.StartAsync(
            o =>
            {
                o.Feeds.Add(new QuoteHubFeedOptions { Name = "json", Protocol = FeedProtocol.Json, Path = "/ws/json" });
                o.Feeds.Add(Feed(file, protocol, replay, path));
                configure?.Invoke(o);
            },
            time);

    private static QuoteHubOptions Options(string file, FeedProtocol protocol, Action<QuoteHubReplayOptions> replay) =>
        new() { Port = 0, GenerateTicks = false, Feeds = [Feed(file, protocol, replay, "/ws/replay")] };

    private static QuoteHubFeedOptions Feed(string file, FeedProtocol protocol, Action<QuoteHubReplayOptions> replay, string path)
    {
        var options = new QuoteHubReplayOptions { File = file };
        replay(options);
        return new QuoteHubFeedOptions { Name = "replay", Protocol = protocol, Path = path, Replay = options };
    }

    /// <summary>A recording of text frames at the given milliseconds after <see cref="Recorded"/>.</summary>
    private string Record(FeedProtocol protocol, params (long Milliseconds, string Text)[] frames)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, Guid.NewGuid().ToString("N"))).FullName;
        using (var writer = new FeedRecordingWriter(new FeedRecordingWriterOptions { Directory = directory, Feed = "recorded", Protocol = protocol }, TimeProvider.System))
        {
            foreach (var (milliseconds, text) in frames)
            {
                writer.Write(FrameKind.Text, Encoding.UTF8.GetBytes(text), Recorded.AddMilliseconds(milliseconds));
            }
        }

        return Directory.GetFiles(directory).Single();
    }
}
