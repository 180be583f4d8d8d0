using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using Tickwatch.Feeds.Listening;
using Tickwatch.Feeds.Tests.Codecs.Binance;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>Binance frames through the listener's frame reader: refused frames are counted by category, control frames are no errors, good prices still land.</summary>
public sealed class BinanceFrameReaderUnitTests
{
    private readonly FakeTimeProvider _time = new(BinanceTestData.ReceivedAt);
    private readonly RecordingSink _sink = new();
    private readonly CapturingLogger<FeedListener> _log = new();

    [Fact]
    public async Task Truncated_and_mutated_sbe_frames_are_counted_by_category_and_the_good_ones_around_them_land()
    {
        var good = SbeFrames.BestBidAsk(1769224657584000, 85592068563, -8, -8, 8987978000000, 493986000, 8987979000000, 211027000, "BTCUSDT");
        var newer = SbeFrames.BestBidAsk(1769224657585000, 85592068564, -8, -8, 8987977000000, 1, 8987980000000, 1, "BTCUSDT");
        var wrongVersion = (byte[])good.Clone();
        wrongVersion[6] = 1;
        var unknownTemplate = (byte[])good.Clone();
        unknownTemplate[2] = 0x20;
        var socket = new ScriptedWebSocket()
            .Binary(good)
            .Binary(good[..40])
            .Binary(good[..5])
            .Binary([.. good, 9])
            .Binary(wrongVersion)
            .Binary(unknownTemplate)
            .Text("""{"result":null,"id":1}""")
            .Binary(newer)
            .Text("""{"e":"serverShutdown","E":1770123456789}""");

        var (statistics, end) = await ReadAsync(FeedProtocol.BinanceSbe, new BinanceSbeCodec(BinanceTestData.Registry()), socket);

        Assert.Equal([8987978000000e-8m, 8987977000000e-8m], _sink.Updates.Select(u => u.Bid!.Value));
        var snapshot = statistics.GetSnapshot();
        Assert.Equal(3, snapshot.ParseErrorsByCategory["malformed_sbe"]);
        Assert.Equal(1, snapshot.ParseErrorsByCategory["unsupported_sbe_schema"]);
        Assert.Equal(1, snapshot.ParseErrorsByCategory["unknown_sbe_template"]);
        Assert.Equal(5, snapshot.ParseErrors);
        Assert.Equal(2, snapshot.FramesIgnored);
        Assert.Equal(FeedReadEnd.ShutdownAnnounced, end);
    }

    [Fact]
    public async Task Json_control_frames_are_no_errors_and_a_broken_frame_is_counted()
    {
        var socket = new ScriptedWebSocket()
            .Text("""{"result":null,"id":1}""")
            .Text("""{"stream":"btcusdt@bookTicker","data":{"u":5,"s":"BTCUSDT","b":"1.5","B":"1","a":"1.6","A":"1"}}""")
            .Text("""{"u":6,"s":"BTCUSDT","b":"1.5""")
            .Text("""{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}}""");

        var (statistics, _) = await ReadAsync(FeedProtocol.BinanceJson, new BinanceJsonCodec(BinanceTestData.Registry()), socket);

        Assert.Equal(5L, Assert.Single(_sink.Updates).SourceSequence);
        var snapshot = statistics.GetSnapshot();
        Assert.Equal(1, snapshot.ParseErrorsByCategory["malformed_json"]);
        Assert.Equal(1, snapshot.ParseErrors);
        Assert.Equal(2, snapshot.FramesIgnored);
    }

    [Fact]
    public async Task Control_frames_are_counted_by_kind_and_a_refused_request_is_logged_with_the_venues_code_and_message()
    {
        var socket = new ScriptedWebSocket()
            .Text("""{"result":null,"id":1}""")
            .Text("""{"result":["btcusdt@bookTicker"],"id":2}""")
            .Text("""{"code":2,"msg":"Invalid request: too many parameters","id":3}""")
            .Text("""{"u":5,"s":"BTCUSDT","b":"1.5","B":"1","a":"1.6","A":"1"}""");

        var (statistics, end) = await ReadAsync(FeedProtocol.BinanceJson, new BinanceJsonCodec(BinanceTestData.Registry()), socket);

        var snapshot = statistics.GetSnapshot();
        Assert.Equal(
            new Dictionary<string, long> { ["subscription_result"] = 2, ["subscription_error"] = 1, ["server_shutdown"] = 0 },
            snapshot.ControlFrames);
        Assert.Equal((3L, 0L), (snapshot.FramesIgnored, snapshot.ParseErrors));
        var refused = Assert.Single(_log.Entries, e => e.EventId.Id == 1110);
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains("code 2: Invalid request: too many parameters (request id 3)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(FeedReadEnd.ServerClosed, end);
        Assert.Single(_sink.Updates);
    }

    [Fact]
    public async Task Trades_go_to_the_sink_apart_from_the_quotes_and_count_as_activity()
    {
        var socket = new ScriptedWebSocket()
            .Text("""{"e":"trade","E":1672515782136,"s":"BTCUSDT","t":12345,"p":"1.55","q":"100","T":1672515782136,"m":true,"M":true}""")
            .Text("""{"u":5,"s":"BTCUSDT","b":"1.5","B":"1","a":"1.6","A":"1"}""");

        var (statistics, _) = await ReadAsync(FeedProtocol.BinanceJson, new BinanceJsonCodec(BinanceTestData.Registry()), socket);

        var trade = Assert.Single(_sink.Trades);
        Assert.Equal((12345L, 1.55m, "binance", 1L), (trade.TradeId, trade.Price, trade.Feed, trade.FeedSession));
        Assert.Single(_sink.Updates);
        var snapshot = statistics.GetSnapshot();
        Assert.Equal((1L, 1L, 0L), (snapshot.TradesReceived, snapshot.UpdatesReceived, snapshot.FramesIgnored));
    }

    private async Task<(FeedStatistics Statistics, FeedReadEnd End)> ReadAsync(FeedProtocol protocol, IFeedCodec codec, ScriptedWebSocket socket)
    {
        var options = new FeedOptions { Name = "binance", Protocol = protocol, Url = new Uri("wss://stream.test/ws"), NoDataTimeout = TimeSpan.Zero };
        var statistics = new FeedStatistics(options.Name, protocol, "wss://stream.test/ws", options.NoDataTimeout, _time);
        var reader = new FeedFrameReader(options, codec, _sink, statistics, _time, _log);
        using var watchdog = new NoDataWatchdog(_time, options.NoDataTimeout, socket);
        reader.RentBuffer();
        try
        {
            reader.StartSession(1, _time.GetTimestamp());
            var end = await reader.ReadUntilCloseAsync(socket, watchdog);
            return (statistics, end);
        }
        finally
        {
            reader.ReturnBuffer();
        }
    }
}
