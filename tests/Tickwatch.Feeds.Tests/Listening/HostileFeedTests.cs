using System.Globalization;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Testing.HostileFeeds;
using Xunit.Abstractions;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>
/// The hostile-input harness, short: thousands of seeded mutated and malicious frames of each protocol, interleaved with valid
/// prices, from a real WebSocket server through a real listener into a price book, then the final prices. The long run is
/// <c>bench/Tickwatch.HostileFeedHarness</c>; a failure here reproduces there with the same seed.
/// </summary>
[Collection(nameof(HostileFeedCollection))]
public sealed class HostileFeedTests(ITestOutputHelper output)
{
    // TICKWATCH_HOSTILE_SEED explores other frames; the default keeps CI's run the same every time.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("TICKWATCH_HOSTILE_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 20_250_106;

    [Theory]
    [InlineData(FeedProtocol.Json)]
    [InlineData(FeedProtocol.Protobuf)]
    [InlineData(FeedProtocol.BinanceJson)]
    [InlineData(FeedProtocol.BinanceSbe)]
    public async Task The_listener_survives_hostile_frames_counts_every_error_keeps_running_and_shows_the_final_prices_exactly(FeedProtocol protocol)
    {
        var report = await HostileFeedRun.RunAsync(new HostileFeedSettings { Protocol = protocol, Frames = 3_000, Seed = Seed });

        output.WriteLine(report.Describe());
        Assert.True(report.Passed, report.Describe());

        // Binance sends one symbol per frame: its finals are one frame per symbol.
        Assert.Equal(protocol is FeedProtocol.BinanceJson or FeedProtocol.BinanceSbe ? 3_000 + PriceWalk.Symbols.Count : 3_001, report.Expected.Frames);
        Assert.True(report.Listener.ParseErrors > 500, "the run sent too few hostile frames to mean anything");
    }
}
