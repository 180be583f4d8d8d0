using System.Text;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Cli.Tests;

/// <summary>The real executable's <c>record import</c>: a capture and its receive times become a <c>.twrec</c>; bad input is a clear error and exit code 2.</summary>
public sealed class RecordCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tickwatch-record-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Import_writes_the_capture_with_its_receive_times_and_exits_zero()
    {
        var capture = await WriteAsync("c.jsonl", "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"b\":\"1.5\"}}\n{\"stream\":\"x\"}\n");
        var times = await WriteAsync("c.recv_ts.txt", "1633998512.0633569\n1633998512.564785\n");
        var output = Path.Combine(_directory, "c.twrec");

        var (exit, stdout, stderr) = await RecordProcess.RunAsync(["record", "import", capture, "--recv-ts", times, "--protocol", "BinanceJson", "--feed", "binance", "--url", "wss://stream.binance.com:9443/stream?streams=btcusdt@bookTicker", "--out", output]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("2 frames of BinanceJson feed 'binance'", stdout, StringComparison.Ordinal);
        await using var reader = await FeedRecordingReader.OpenAsync(output);
        Assert.Equal("wss://stream.binance.com:9443/stream", reader.Header.Url);
        Assert.True(await reader.ReadNextAsync());
        Assert.Equal("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"b\":\"1.5\"}}", Encoding.UTF8.GetString(reader.Current.Payload.Span));
        Assert.Equal(1_633_998_512_063_356, reader.Current.ReceivedAtMicroseconds);
        Assert.True(await reader.ReadNextAsync());
        Assert.Equal(1_633_998_512_564_785, reader.Current.ReceivedAtMicroseconds);
        Assert.False(await reader.ReadNextAsync());
    }

    [Fact]
    public async Task Bad_arguments_and_bad_input_exit_two_with_a_clear_error_and_no_file()
    {
        var capture = await WriteAsync("c.jsonl", "{\"a\":1}\n");
        var times = await WriteAsync("c.recv_ts.txt", "yesterday\n");
        var output = Path.Combine(_directory, "c.twrec");

        var (exit, _, stderr) = await RecordProcess.RunAsync(["record", "import", capture, "--protocol", "Fix", "--feed", "a/b", "--out", output]);
        Assert.Equal(2, exit);
        Assert.Contains("--protocol 'Fix' is not one of Json, Protobuf, BinanceJson, BinanceSbe", stderr, StringComparison.Ordinal);
        Assert.Contains("--feed 'a/b'", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await RecordProcess.RunAsync(["record", "import", capture, "--recv-ts", times, "--protocol", "BinanceJson", "--feed", "b", "--out", output]);
        Assert.Equal(2, exit);
        Assert.Contains("c.recv_ts.txt line 1: 'yesterday' is not a receive time", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await RecordProcess.RunAsync(["record", "import", Path.Combine(_directory, "missing.jsonl"), "--protocol", "BinanceJson", "--feed", "b", "--out", output]);
        Assert.Equal(2, exit);
        Assert.Contains("missing.jsonl", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
