using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Feeds.Tests.Recording;

/// <summary>The <c>.twrec</c> writer and reader: exact bytes and microsecond times back, torn and foreign files, rotation on fake time.</summary>
public sealed class FeedRecordingUnitTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 2, 3, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "twrec-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Text_and_binary_frames_come_back_byte_for_byte_with_their_receive_times_to_the_microsecond()
    {
        var frames = new (FrameKind Kind, byte[] Payload, DateTimeOffset At)[]
        {
            (FrameKind.Text, "{\"u\":1,\"s\":\"BTCUSDT\"}"u8.ToArray(), Start.AddTicks(17)),
            (FrameKind.Binary, [0, 1, 2, 255, 128, 127], Start.AddTicks(17 + 12_345_670)),
            (FrameKind.Text, [], Start.AddHours(2).AddTicks(10)),
            (FrameKind.Binary, Enumerable.Range(0, 200_000).Select(i => (byte)(i % 251)).ToArray(), Start.AddHours(2).AddTicks(10)),
        };
        using (var writer = Writer(maxFileAge: TimeSpan.FromDays(1)))
        {
            foreach (var (kind, payload, at) in frames)
            {
                writer.Write(kind, payload, at);
            }
        }

        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal("binance-20261207T010203Z.twrec", Path.GetFileName(file));
        await using var reader = await FeedRecordingReader.OpenAsync(file);
        Assert.Equal(new FeedRecordingHeader("BinanceJson", "binance", "wss://stream.binance.com:9443/stream", Start.AddTicks(10)), reader.Header);
        foreach (var (kind, payload, at) in frames)
        {
            Assert.True(await reader.ReadNextAsync());
            Assert.Equal(kind, reader.Current.Kind);
            Assert.Equal(payload, reader.Current.Payload.ToArray());
            Assert.Equal(FeedRecordingFormat.ToMicroseconds(at), reader.Current.ReceivedAtMicroseconds);
            Assert.Equal(at.AddTicks(-(at.UtcTicks % 10)), reader.Current.ReceivedAt);
        }

        Assert.False(await reader.ReadNextAsync());
        Assert.False(reader.IsTorn);
        Assert.Equal(frames.Length, reader.FramesRead);
    }

    [Fact]
    public async Task The_writer_takes_receive_times_from_its_clock_and_a_clock_stepping_back_keeps_the_order()
    {
        using (var writer = Writer())
        {
            writer.Write(FrameKind.Text, "a"u8);
            _time.Advance(TimeSpan.FromMilliseconds(1.5));
            writer.Write(FrameKind.Text, "b"u8);
            writer.Write(FrameKind.Text, "c"u8, Start);
        }

        var read = await ReadAll(Assert.Single(Directory.GetFiles(_directory)));
        Assert.Equal(["a", "b", "c"], read.Frames.Select(f => f.Text));
        Assert.Equal([0L, 1500, 1500], read.Frames.Select(f => f.Micros - FeedRecordingFormat.ToMicroseconds(Start)));
    }

    [Fact]
    public async Task A_file_cut_inside_its_last_record_reads_up_to_the_cut_and_says_so()
    {
        using (var writer = Writer())
        {
            writer.Write(FrameKind.Text, "first"u8);
            writer.Write(FrameKind.Binary, "second frame"u8);
        }

        var file = Assert.Single(Directory.GetFiles(_directory));
        var whole = await File.ReadAllBytesAsync(file);
        var lastRecord = 1 + 1 + 1 + "second frame".Length;
        for (var cut = 1; cut < lastRecord; cut++)
        {
            await File.WriteAllBytesAsync(file, whole[..^cut]);
            var read = await ReadAll(file);
            Assert.Equal(["first"], read.Frames.Select(f => f.Text));
            Assert.True(read.Torn, $"cut {cut}");
            Assert.Equal(lastRecord - cut, read.TornBytes);
        }

        await File.WriteAllBytesAsync(file, whole[..^lastRecord]);
        var clean = await ReadAll(file);
        Assert.Equal(["first"], clean.Frames.Select(f => f.Text));
        Assert.False(clean.Torn);
    }

    [Fact]
    public async Task A_file_that_is_not_a_recording_or_of_an_unknown_version_is_refused_clearly()
    {
        Directory.CreateDirectory(_directory);
        var foreign = Path.Combine(_directory, "capture.jsonl");
        await File.WriteAllTextAsync(foreign, "{\"stream\":\"x\"}\n");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FeedRecordingReader.OpenAsync(foreign));
        Assert.Contains("not a Tickwatch recording", error.Message, StringComparison.Ordinal);

        var future = Path.Combine(_directory, "future.twrec");
        await File.WriteAllBytesAsync(future, [.. "TWREC"u8, 9, 0, 0, 0]);
        error = await Assert.ThrowsAsync<InvalidDataException>(() => FeedRecordingReader.OpenAsync(future));
        Assert.Contains("format version 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_rotate_before_a_record_would_pass_the_size_limit_and_lose_no_frame()
    {
        var payload = new byte[300];
        using (var writer = Writer(maxFileBytes: 1024))
        {
            for (var i = 0; i < 10; i++)
            {
                payload[0] = (byte)i;
                writer.Write(FrameKind.Binary, payload);
            }

            Assert.True(writer.Files.Count > 1);
        }

        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["binance-20261207T010203Z-2.twrec", "binance-20261207T010203Z-3.twrec", "binance-20261207T010203Z-4.twrec", "binance-20261207T010203Z.twrec"], files.Select(Path.GetFileName));
        var seen = new List<byte>();
        foreach (var file in new[] { files[3], files[0], files[1], files[2] })
        {
            Assert.True(new FileInfo(file).Length <= 1024);
            seen.AddRange((await ReadAll(file)).Frames.Select(f => f.Bytes[0]));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), seen);
    }

    [Fact]
    public async Task A_file_rotates_at_the_first_frame_after_its_age_and_is_named_for_its_start()
    {
        using (var writer = Writer(maxFileAge: TimeSpan.FromHours(1)))
        {
            writer.Write(FrameKind.Text, "1"u8);
            _time.Advance(TimeSpan.FromMinutes(59));
            writer.Write(FrameKind.Text, "2"u8);
            _time.Advance(TimeSpan.FromMinutes(1));
            writer.Write(FrameKind.Text, "3"u8);
            writer.Flush();
            Assert.Equal(2, writer.Files.Count);
        }

        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["binance-20261207T010203Z.twrec", "binance-20261207T020203Z.twrec"], files.Select(Path.GetFileName));
        Assert.Equal(["1", "2"], (await ReadAll(files[0])).Frames.Select(f => f.Text));
        var second = await ReadAll(files[1]);
        Assert.Equal(["3"], second.Frames.Select(f => f.Text));
        Assert.Equal(Start.AddHours(1), second.Header.StartedAt);
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_with_every_reason()
    {
        var options = new FeedRecordingWriterOptions { Directory = _directory, Feed = "../x", Protocol = FeedProtocol.Json, MaxFileBytes = 10, MaxFileAge = TimeSpan.Zero };
        Assert.Equal(3, options.Errors().Count);
        Assert.Throws<ArgumentException>(() => new FeedRecordingWriter(options, _time));
    }

    [Fact]
    public void The_header_keeps_the_url_without_its_query_or_user_info()
    {
        Assert.Equal("wss://stream-sbe.binance.com/stream", FeedRecordingFormat.UrlWithoutQuery(new Uri("wss://user:secret@stream-sbe.binance.com/stream?streams=btcusdt@bestBidAsk&token=abc")));
        Assert.Equal("", FeedRecordingFormat.UrlWithoutQuery(null));
    }

    private FeedRecordingWriter Writer(long maxFileBytes = 256L * 1024 * 1024, TimeSpan? maxFileAge = null) => new(
        new FeedRecordingWriterOptions
        {
            Directory = _directory,
            Feed = "binance",
            Protocol = FeedProtocol.BinanceJson,
            Url = new Uri("wss://stream.binance.com:9443/stream?streams=btcusdt@bookTicker"),
            MaxFileBytes = maxFileBytes,
            MaxFileAge = maxFileAge ?? TimeSpan.FromHours(1),
        },
        _time);

    private static async Task<(FeedRecordingHeader Header, List<(string Text, byte[] Bytes, long Micros)> Frames, bool Torn, int TornBytes)> ReadAll(string file)
    {
        await using var reader = await FeedRecordingReader.OpenAsync(file);
        var frames = new List<(string, byte[], long)>();
        while (await reader.ReadNextAsync())
        {
            var bytes = reader.Current.Payload.ToArray();
            frames.Add((Encoding.UTF8.GetString(bytes), bytes, reader.Current.ReceivedAtMicroseconds));
        }

        return (reader.Header, frames, reader.IsTorn, reader.TornBytes);
    }
}
