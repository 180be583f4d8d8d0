using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;
using Tickwatch.Testing;

namespace Tickwatch.Feeds.Tests.Recording;

/// <summary>The recorder's queue, flushes and failures, driven without a feed and on a fake clock.</summary>
public sealed class FeedRecorderUnitTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tickwatch-recorder-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        else if (File.Exists(_directory))
        {
            File.Delete(_directory);
        }
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_new_frames_without_waiting_and_keeps_those_queued()
    {
        // The consumer is not started yet: nothing leaves the queue of two.
        await using var recorder = Create(queueCapacity: 2);
        var accepted = Enumerable.Range(0, 5).Select(i => recorder.TryRecord(FrameKind.Text, [(byte)('a' + i)], Start)).ToList();

        Assert.Equal([true, true, false, false, false], accepted);
        Assert.Equal(3, recorder.FramesDropped);
        Assert.Equal(2, recorder.GetStatus().Queued);

        recorder.Start();
        await recorder.StopAsync();

        Assert.Equal(2, recorder.FramesWritten);
        Assert.Equal(["a", "b"], await ReadAllAsync(Assert.Single(recorder.Files)));
        var status = recorder.GetStatus();
        Assert.Equal(3, status.FramesDropped);
        Assert.Null(status.CurrentFile);
    }

    [Fact]
    public async Task Written_frames_reach_the_disk_once_a_flush_interval_has_passed_on_the_recorders_clock()
    {
        await using var recorder = Create();
        recorder.Start();
        recorder.TryRecord(FrameKind.Text, "EURUSD:1:2"u8, Start);
        await Eventually.UntilAsync(() => recorder.FramesWritten == 1, "the frame is written");
        var file = recorder.GetStatus().CurrentFile!;
        var buffered = new FileInfo(file).Length;
        Assert.True(buffered < recorder.BytesWritten, "the record is still in the file's buffer");

        // The clock moves on in steps, so a flush timer the consumer sets just after a step still comes due.
        await Eventually.UntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
                return new FileInfo(file).Length == recorder.BytesWritten;
            },
            "the record is flushed");
        Assert.True(_time.GetUtcNow() - Start >= TimeSpan.FromSeconds(1), $"flushed at {_time.GetUtcNow() - Start}, before the interval");
        await recorder.StopAsync();
    }

    [Fact]
    public async Task A_directory_that_cannot_be_written_is_counted_and_logged_and_tried_again_after_the_interval()
    {
        await using var recorder = Create();
        recorder.Start();

        // A file where the directory should be: no recording file can be created.
        await File.WriteAllTextAsync(_directory, "in the way");
        recorder.TryRecord(FrameKind.Text, "one"u8, Start);
        await Eventually.UntilAsync(() => recorder.FramesFailed == 1, "the first frame fails");
        Assert.NotNull(recorder.GetStatus().LastError);
        recorder.TryRecord(FrameKind.Text, "two"u8, Start);
        await Eventually.UntilAsync(() => recorder.FramesFailed == 2, "the next frame within the interval is counted as failed, not tried");

        File.Delete(_directory);
        _time.Advance(TimeSpan.FromSeconds(1));
        recorder.TryRecord(FrameKind.Text, "three"u8, _time.GetUtcNow());
        await Eventually.UntilAsync(() => recorder.FramesWritten == 1, "the recording resumes in a new file");
        await recorder.StopAsync();

        Assert.Equal(["three"], await ReadAllAsync(Assert.Single(recorder.Files)));
        Assert.Equal(2, recorder.FramesFailed);
    }

    private FeedRecorder Create(int queueCapacity = 16) => new(
        new FeedRecordOptions { Directory = _directory, QueueCapacity = queueCapacity, FlushInterval = TimeSpan.FromSeconds(1) },
        "unit",
        FeedProtocol.Json,
        new Uri("ws://127.0.0.1:1/ws/json?token=x"),
        _time,
        NullLogger.Instance);

    private static async Task<List<string>> ReadAllAsync(string file)
    {
        var frames = new List<string>();
        await using var reader = await FeedRecordingReader.OpenAsync(file);
        while (await reader.ReadNextAsync())
        {
            frames.Add(System.Text.Encoding.UTF8.GetString(reader.Current.Payload.Span));
        }

        return frames;
    }
}
