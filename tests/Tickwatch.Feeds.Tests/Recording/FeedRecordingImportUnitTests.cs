using System.Globalization;
using System.Text;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Feeds.Tests.Recording;

/// <summary>Importing the real Binance captures (Codecs/Binance/Samples) into <c>.twrec</c>: every line a frame, byte for byte, at its recorded receive time.</summary>
public sealed class FeedRecordingImportUnitTests : IDisposable
{
    private static readonly DateTimeOffset Untimed = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "twrec-import-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Sample(string file) => Path.Combine(AppContext.BaseDirectory, "Codecs", "Binance", "Samples", file);

    [Fact]
    public async Task The_combined_stream_capture_reads_back_as_265_text_frames_at_the_recorded_receive_times()
    {
        var output = Path.Combine(_directory, "combined.twrec");
        var result = await FeedRecordingImport.ImportAsync(
            Sample("combined_stream.jsonl"), Sample("combined_stream.recv_ts.txt"), FeedProtocol.BinanceJson, "cryptofeed",
            new Uri("wss://stream.binance.com:9443/stream?streams=nknusdt@depth@100ms"), output, Untimed);

        var lines = File.ReadAllLines(Sample("combined_stream.jsonl"));
        var times = File.ReadAllLines(Sample("combined_stream.recv_ts.txt"))
            .Select(t => (long)decimal.Truncate(decimal.Parse(t, CultureInfo.InvariantCulture) * 1_000_000m)).ToArray();
        Assert.Equal(265, lines.Length);
        Assert.Equal(265, result.Frames);
        Assert.Equal(1_633_998_512_063_356, times[0]);

        await using var reader = await FeedRecordingReader.OpenAsync(output);
        Assert.Equal(new FeedRecordingHeader("BinanceJson", "cryptofeed", "wss://stream.binance.com:9443/stream", FeedRecordingFormat.FromMicroseconds(times[0])), reader.Header);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.True(await reader.ReadNextAsync(), $"frame {i + 1}");
            Assert.Equal(FrameKind.Text, reader.Current.Kind);
            Assert.Equal(Encoding.UTF8.GetBytes(lines[i]), reader.Current.Payload.ToArray());
            Assert.Equal(times[i], reader.Current.ReceivedAtMicroseconds);
        }

        Assert.False(await reader.ReadNextAsync());
        Assert.False(reader.IsTorn);
        Assert.Equal(FeedRecordingFormat.FromMicroseconds(times[^1]), result.LastReceivedAt);
    }

    [Fact]
    public async Task A_capture_without_receive_times_is_spaced_one_millisecond_apart_and_crlf_lines_lose_only_their_line_end()
    {
        var capture = Path.Combine(_directory, "crlf.jsonl");
        await File.WriteAllTextAsync(capture, "{\"a\":1}\r\n\r\n{\"b\":2}\r\n{\"c\":3}");
        var output = Path.Combine(_directory, "crlf.twrec");

        var result = await FeedRecordingImport.ImportAsync(capture, null, FeedProtocol.Json, "json", null, output, Untimed);

        Assert.Equal(3, result.Frames);
        Assert.Equal(1, result.BlankLinesSkipped);
        await using var reader = await FeedRecordingReader.OpenAsync(output);
        var read = new List<(string, long)>();
        while (await reader.ReadNextAsync())
        {
            read.Add((Encoding.UTF8.GetString(reader.Current.Payload.Span), reader.Current.ReceivedAtMicroseconds - FeedRecordingFormat.ToMicroseconds(Untimed)));
        }

        Assert.Equal([("{\"a\":1}", 0L), ("{\"b\":2}", 2000L), ("{\"c\":3}", 3000L)], read);
    }

    [Theory]
    [InlineData("1633998512.5\nnot-a-time\n", "line 2")]
    [InlineData("1633998512.5\n", "ends at line 1")]
    [InlineData("1633998512.5\n1633998512.6\n1633998512.7\n", "more lines")]
    [InlineData("1633998512.5\n1633998511.0\n", "goes back")]
    public async Task Receive_times_that_do_not_fit_the_capture_are_refused_naming_the_line_and_leave_no_file(string times, string expected)
    {
        var capture = Path.Combine(_directory, "two.jsonl");
        await File.WriteAllTextAsync(capture, "{\"a\":1}\n{\"b\":2}\n");
        var timesFile = Path.Combine(_directory, "two.recv_ts.txt");
        await File.WriteAllTextAsync(timesFile, times);
        var output = Path.Combine(_directory, "two.twrec");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FeedRecordingImport.ImportAsync(capture, timesFile, FeedProtocol.BinanceJson, "b", null, output, Untimed));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(["two.jsonl", "two.recv_ts.txt"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_existing_output_is_never_overwritten()
    {
        var output = Path.Combine(_directory, "kept.twrec");
        await File.WriteAllTextAsync(output, "keep me");

        var error = await Assert.ThrowsAsync<IOException>(() => FeedRecordingImport.ImportAsync(Sample("aggTrade.jsonl"), null, FeedProtocol.BinanceJson, "b", null, output, Untimed));

        Assert.Contains("exists already", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(output));
    }
}
