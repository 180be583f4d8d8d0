using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;
using Tickwatch.Simulators.QuoteHub;

namespace Tickwatch.Cli.Tests;

/// <summary>The real executable's live <c>record --url</c> against the real quote hub: a readable recording of the protocol asked for; bad arguments exit 2.</summary>
public sealed class RecordLiveCliTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tickwatch-record-live-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("json", FeedProtocol.Json)]
    [InlineData("binary", FeedProtocol.Protobuf)]
    public async Task Recording_the_hub_for_a_duration_writes_frames_its_protocols_codec_decodes(string hubFeed, FeedProtocol protocol)
    {
        await using var hub = QuoteHubHost.Build(new QuoteHubOptions { Port = 0, Seed = 7 }, loggerFactory: NullLoggerFactory.Instance);
        await hub.StartAsync();
        var url = QuoteHubHost.GetFeedAddress(hub, hubFeed);

        var (exit, stdout, stderr) = await RecordProcess.RunAsync(["record", "--url", url.ToString(), "--protocol", protocol.ToString(), "--out", _directory, "--duration", "2s", "--feed-name", "hub-" + hubFeed]);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains($"✅ Recorded feed 'hub-{hubFeed}': 1 files", stdout, StringComparison.Ordinal);
        Assert.Contains("0 dropped, 0 failed", stdout, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(_directory, "*.twrec"));
        Assert.StartsWith($"hub-{hubFeed}-", Path.GetFileName(file), StringComparison.Ordinal);
        Assert.Contains(file, stdout, StringComparison.Ordinal);

        await using var reader = await FeedRecordingReader.OpenAsync(file);
        Assert.Equal(protocol.ToString(), reader.Header.Protocol);
        Assert.Equal("hub-" + hubFeed, reader.Header.Feed);
        Assert.Equal(url.ToString(), reader.Header.Url);
        var codec = FeedCodecs.CreateCodec(protocol, new SymbolRegistry([], s => SymbolDefaults.For(s, null, TimeSpan.FromSeconds(10)), acceptUnlisted: true));
        var batch = new PriceUpdateBatch();
        var frames = 0;
        var updates = 0;
        while (await reader.ReadNextAsync())
        {
            frames++;
            batch.Clear();
            var frame = reader.Current;
            var result = codec.Decode(frame.Payload.Span, frame.Kind, new DecodeContext("hub", 1, frame.ReceivedAt), batch);
            Assert.True(result.Outcome != FrameOutcome.Failed, $"frame {frames}: {result.Outcome} {result.Detail}");
            updates += batch.Count;
        }

        Assert.False(reader.IsTorn);
        Assert.True(updates > 0, $"{frames} frames, no price");
        Assert.Contains($"{frames} frames written", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_exit_two_with_every_problem_named_and_no_file()
    {
        var (exit, _, stderr) = await RecordProcess.RunAsync(["record", "--protocol", "Fix", "--duration", "soon", "--max-file-bytes", "lots"]);

        Assert.Equal(2, exit);
        Assert.Contains("--url is required", stderr, StringComparison.Ordinal);
        Assert.Contains("--protocol 'Fix' is not one of Json, Protobuf, BinanceJson, BinanceSbe", stderr, StringComparison.Ordinal);
        Assert.Contains("--out is required", stderr, StringComparison.Ordinal);
        Assert.Contains("--duration 'soon'", stderr, StringComparison.Ordinal);
        Assert.Contains("--max-file-bytes 'lots'", stderr, StringComparison.Ordinal);

        // The market service's own feed checks: the scheme, the SBE key from the environment, the file size.
        (exit, _, stderr) = await RecordProcess.RunAsync(["record", "--url", "http://127.0.0.1:1/x", "--protocol", "BinanceSbe", "--out", _directory, "--max-file-bytes", "10"]);
        Assert.Equal(2, exit);
        Assert.Contains("Url must be an absolute ws:// or wss:// address", stderr, StringComparison.Ordinal);
        Assert.Contains("TICKWATCH_Feeds__0__ApiKey", stderr, StringComparison.Ordinal);
        Assert.Contains("Record:MaxFileBytes must be at least 1024", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(_directory) ? Directory.GetFiles(_directory) : []);
    }
}
