using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>A listener with <c>Record</c> on, fed by a real WebSocket server: the recording holds every frame received, byte for byte, refused ones too.</summary>
public sealed class FeedListenerRecordingTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tickwatch-listener-rec-" + Guid.NewGuid().ToString("N"));
    private TestFeedServer _server = null!;

    public async Task InitializeAsync() => _server = await TestFeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Every_frame_received_is_recorded_in_order_with_its_kind_and_receive_time_and_a_clean_stop_flushes_it()
    {
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        var harness = await new ListenerHarness(new Uri(_server.Url + "?venue=secret"), o =>
        {
            o.Token = "tok-123";
            o.Record.Directory = _directory;
        }, time).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        byte[] binary = [0, 1, 2, 255, 254];
        await connection.SendTextAsync("EURUSD:1.0850:1.0852");
        await connection.SendTextAsync("{garbage the codec refuses}");
        await connection.SendBinaryAsync(binary);
        await connection.SendTextAsync("GBPUSD:1.2700:1.2702\nUSDJPY:150.1:150.2");
        await harness.MessagesReceived(4);
        Assert.Equal(1, harness.Statistics.GetSnapshot().MessagesFailed);

        // Stopping writes what is queued and closes the file: the fake clock never reached a periodic flush.
        await harness.DisposeAsync();

        var recorder = harness.Listener.Recorder!;
        Assert.Equal(4, recorder.FramesWritten);
        Assert.Equal(0, recorder.FramesDropped);
        var file = Assert.Single(recorder.Files);
        Assert.Equal(recorder.BytesWritten, new FileInfo(file).Length);
        await using var reader = await FeedRecordingReader.OpenAsync(file);
        Assert.Equal(nameof(FeedProtocol.Json), reader.Header.Protocol);
        Assert.Equal(ListenerHarness.FeedName, reader.Header.Feed);
        Assert.DoesNotContain("secret", reader.Header.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123", reader.Header.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("?", reader.Header.Url, StringComparison.Ordinal);

        (FrameKind Kind, byte[] Payload)[] expected =
        [
            (FrameKind.Text, "EURUSD:1.0850:1.0852"u8.ToArray()),
            (FrameKind.Text, "{garbage the codec refuses}"u8.ToArray()),
            (FrameKind.Binary, binary),
            (FrameKind.Text, Encoding.UTF8.GetBytes("GBPUSD:1.2700:1.2702\nUSDJPY:150.1:150.2")),
        ];
        foreach (var (kind, payload) in expected)
        {
            Assert.True(await reader.ReadNextAsync());
            Assert.Equal(kind, reader.Current.Kind);
            Assert.Equal(payload, reader.Current.Payload.ToArray());
            Assert.Equal(now, reader.Current.ReceivedAt);
        }

        Assert.False(await reader.ReadNextAsync());
        Assert.False(reader.IsTorn);
    }

    [Fact]
    public async Task A_small_MaxFileBytes_rotates_the_recording_and_the_files_together_hold_every_frame()
    {
        await using var harness = await new ListenerHarness(_server.Url, o =>
        {
            o.Record.Directory = _directory;
            o.Record.MaxFileBytes = 1024;
        }).StartAsync();
        var connection = await _server.WaitForConnectionAsync(1);

        var sent = Enumerable.Range(0, 20).Select(i => $"EURUSD:1.{i:D4}:1.{i + 1:D4}" + new string(' ', 200)).ToList();
        foreach (var frame in sent)
        {
            await connection.SendTextAsync(frame);
        }

        await harness.MessagesReceived(sent.Count);
        await harness.StopAsync();

        var recorder = harness.Listener.Recorder!;
        Assert.True(recorder.Files.Count >= 4, $"{recorder.Files.Count} files");
        var read = new List<string>();
        foreach (var file in recorder.Files)
        {
            Assert.True(new FileInfo(file).Length <= 1024, file);
            await using var reader = await FeedRecordingReader.OpenAsync(file);
            while (await reader.ReadNextAsync())
            {
                read.Add(Encoding.UTF8.GetString(reader.Current.Payload.Span));
            }
        }

        Assert.Equal(sent, read);
        Assert.Equal(sent.Count, harness.Listener.GetSnapshot().Recording.FramesWritten);
    }
}
