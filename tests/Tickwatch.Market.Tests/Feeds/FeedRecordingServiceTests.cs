using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Feeds.Recording;
using Tickwatch.Market.Feeds;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Feeds;

/// <summary>The market service with <c>Feeds:1:Record</c> on, fed by the real quote hub: rotation by size, the feed's <c>recording</c> object and metrics, and a clean stop that leaves every frame received on the disk.</summary>
public sealed class FeedRecordingServiceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tickwatch-market-rec-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_recorded_feed_rotates_by_size_shows_its_recording_and_a_clean_stop_writes_every_frame_received()
    {
        var system = await RunningSystem.StartAsync(new Dictionary<string, string?>
        {
            ["Feeds:1:Record:Directory"] = _directory,
            ["Feeds:1:Record:MaxFileBytes"] = "4096",
        });
        var listener = system.Market.Services.GetRequiredService<FeedListenerSet>().Listeners[1];
        FeedRecorder recorder;
        try
        {
            Assert.Equal("json", listener.Name);
            recorder = listener.Recorder!;
            Assert.Null(system.Market.Services.GetRequiredService<FeedListenerSet>().Listeners[0].Recorder);

            var report = await Eventually.ValueAsync(
                () => system.GetMarketJsonAsync("/api/debug/comprehensive"),
                r => Recording(r, "json")?["files"]?.GetValue<int>() >= 3,
                "the json feed's recording has rotated twice");
            var recording = Recording(report, "json")!;
            Assert.True(recording["enabled"]!.GetValue<bool>());
            Assert.Equal(_directory, recording["directory"]!.GetValue<string>());
            Assert.True(recording["frames_written"]!.GetValue<long>() > 0);
            Assert.Equal(0, recording["frames_dropped"]!.GetValue<long>());
            Assert.False(Recording(report, "binary")!["enabled"]!.GetValue<bool>());

            var metrics = await system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Matches(@"tickwatch_feed_recording_frames_total\{feed=""json"",outcome=""written""\} [1-9]", metrics);
            Assert.Matches(@"tickwatch_feed_recording_frames_total\{feed=""json"",outcome=""dropped""\} 0\n", metrics);
            Assert.Matches(@"tickwatch_feed_recording_written_bytes_total\{feed=""json""\} [1-9]", metrics);
            Assert.Matches(@"tickwatch_feed_recording_current_file\{feed=""json"",file=""json-\d{8}T\d{6}Z(-\d+)?\.twrec""\} 1\n", metrics);
        }
        finally
        {
            await system.DisposeAsync();
        }

        // Stopped: every frame the listener received is in the files, none left in a buffer.
        var received = listener.Statistics.GetSnapshot().MessagesReceived;
        Assert.Equal(received, recorder.FramesWritten);
        var frames = 0L;
        foreach (var file in recorder.Files)
        {
            Assert.True(new FileInfo(file).Length <= 4096, file);
            await using var reader = await FeedRecordingReader.OpenAsync(file);
            Assert.Equal("Json", reader.Header.Protocol);
            while (await reader.ReadNextAsync())
            {
                frames++;
            }

            Assert.False(reader.IsTorn, file);
        }

        Assert.Equal(received, frames);
        Assert.Equal(recorder.Files.Order(StringComparer.Ordinal), Directory.GetFiles(_directory, "*.twrec").Order(StringComparer.Ordinal));
    }

    private static JsonNode? Recording(JsonNode report, string feed) => report["websocket_diagnostics"]?["feeds"]?[feed]?["recording"];
}
