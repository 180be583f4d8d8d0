using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;
using Tickwatch.Testing;

namespace Tickwatch.Cli.Tests;

/// <summary>
/// The real executable's <c>quote-hub --replay</c>, as Scenario 3's drill runs it: the recording goes out verbatim to the
/// first client and the replay's state says so; a file that is no recording exits 2 with the reason.
/// </summary>
public sealed class QuoteHubReplayCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tickwatch-hub-replay-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_recording_is_replayed_verbatim_to_the_first_client_and_shows_as_finished()
    {
        string[] frames = ["{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"100.10\",\"B\":\"1\",\"a\":\"100.20\",\"A\":\"2\"}", "{\"u\":2,\"s\":\"BTCUSDT\",\"b\":\"100.30\",\"B\":\"1\",\"a\":\"100.40\",\"A\":\"2\"}", "{\"u\":3,\"s\":\"ETHUSDT\",\"b\":\"3.5\",\"B\":\"1\",\"a\":\"3.6\",\"A\":\"2\"}"];
        string file;
        var options = new FeedRecordingWriterOptions { Directory = Path.Combine(_directory, "recordings"), Feed = "binance", Protocol = FeedProtocol.BinanceJson, Url = new Uri("wss://stream.binance.com:9443/ws") };
        using (var writer = new FeedRecordingWriter(options, TimeProvider.System))
        {
            var start = DateTimeOffset.UtcNow;
            for (var i = 0; i < frames.Length; i++)
            {
                writer.Write(FrameKind.Text, Encoding.UTF8.GetBytes(frames[i]), start.AddMilliseconds(i));
            }

            file = Assert.Single(writer.Files);
        }

        var port = LoopbackPorts.Free();
        using var hub = Start(["quote-hub", "--replay", file, "--speed", "0", "--QuoteHub:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var replay = new Uri($"http://127.0.0.1:{port}/control/replay");
            var waiting = await Eventually.ValueAsync(() => TryGetAsync(http, replay), r => r is not null, "the hub answers /control/replay", TimeSpan.FromSeconds(60));
            Assert.Equal("waiting", waiting![0]!["state"]!.GetValue<string>());

            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/binance/ws/btcusdt@bookTicker"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            var buffer = new byte[4096];
            foreach (var expected in frames)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                Assert.True(result.EndOfMessage);
                Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, result.Count));
            }

            var finished = await Eventually.ValueAsync(() => TryGetAsync(http, replay), r => r?[0]?["state"]?.GetValue<string>() == "finished", "the replay finishes");
            Assert.Equal(frames.Length, finished![0]!["frames_sent"]!.GetValue<int>());
            Assert.False(finished[0]!["torn"]!.GetValue<bool>());
        }
        finally
        {
            hub.Kill(entireProcessTree: true);
            await hub.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_file_that_is_no_recording_exits_two_with_the_reason()
    {
        var file = Path.Combine(_directory, "notes.twrec");
        await File.WriteAllTextAsync(file, "not a recording");

        var (exit, stdout, stderr) = await RecordProcess.RunAsync(["quote-hub", "--replay", file, "--QuoteHub:Port", LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(exit == 2, stdout + stderr);
        Assert.Contains("notes.twrec", stdout + stderr, StringComparison.Ordinal);
    }

    /// <summary>The hub process, its output read and thrown away so that a full pipe never blocks it.</summary>
    private Process Start(string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tickwatch"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        start.Environment["TICKWATCH_Logs__Directory"] = Path.Combine(_directory, "logs");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<JsonArray?> TryGetAsync(HttpClient http, Uri uri)
    {
        try
        {
            return JsonNode.Parse(await http.GetStringAsync(uri)) as JsonArray;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
