using Microsoft.Extensions.Time.Testing;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>The frame reader on its own: messages from a scripted socket through the codec to the sink and the counters, no server, no connection lifecycle.</summary>
public sealed class FeedFrameReaderUnitTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 8, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly RecordingSink _sink = new();
    private readonly CapturingLogger<FeedListener> _log = new();
    private readonly FeedOptions _options = new() { Name = "t1", Protocol = FeedProtocol.Json, Url = new Uri("ws://feed.test/"), MaxFrameBytes = 64, NoDataTimeout = TimeSpan.Zero };
    private readonly FeedStatistics _statistics;

    public FeedFrameReaderUnitTests()
    {
        _statistics = new FeedStatistics(_options.Name, _options.Protocol, "ws://feed.test/", _options.NoDataTimeout, _time);
    }

    [Fact]
    public async Task Reads_until_the_close_frame_handing_each_message_to_the_sink_with_its_session()
    {
        var socket = new ScriptedWebSocket().Text("EURUSD:1.0850:1.0852").Text("GBP", "USD::1.2702");
        var reader = Reader();

        await ReadSessionAsync(reader, socket, session: 7);

        Assert.Equal(2, reader.SessionMessages);
        Assert.Equal([("t1", 7L, 0)], _sink.Sessions);
        Assert.Equal(["EURUSD", "GBPUSD"], _sink.Updates.Select(u => u.Symbol));
        Assert.All(_sink.Updates, u => Assert.Equal((7L, Now), (u.FeedSession, u.ReceivedAt)));
        Assert.Equal(2, _statistics.MessagesReceived);
    }

    [Fact]
    public async Task An_oversized_message_is_read_to_its_end_counted_and_skipped_and_the_next_one_is_decoded()
    {
        var socket = new ScriptedWebSocket().Text(new string('X', 50), new string('X', 50)).Text("EURUSD:1.1:1.2");
        var reader = Reader();

        await ReadSessionAsync(reader, socket, session: 1);

        Assert.Equal(2, reader.SessionMessages);
        Assert.Equal("EURUSD", Assert.Single(_sink.Updates).Symbol);
        var error = Assert.Single(_log.Entries, e => e.EventId.Id == 1105);
        Assert.Contains("message of 100 bytes exceeds the limit of 64 bytes; skipped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throwing_sink_is_counted_and_logged_and_reading_goes_on()
    {
        _sink.ThrowOnCall = call => call == 1;
        var socket = new ScriptedWebSocket().Text("EURUSD:1.1:1.2").Text("EURUSD:1.3:1.4");
        var reader = Reader();

        await ReadSessionAsync(reader, socket, session: 1);

        Assert.Equal(1.3m, Assert.Single(_sink.Updates).Bid);
        var error = Assert.Single(_log.Entries, e => e.EventId.Id == 1105);
        Assert.Contains(FeedErrorInfo.SinkException, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_nan_in_one_json_entry_costs_that_entry_alone_counted_as_non_finite_number()
    {
        var socket = new ScriptedWebSocket().Text(
            """{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":NaN,"sell":1.0850},"GBPUSD":{"buy":1.2675,"sell":1.2674},"USDJPY":{"buy":151.43,"sell":151.42}}}}""");
        var options = new FeedOptions { Name = _options.Name, Protocol = FeedProtocol.Json, Url = _options.Url, NoDataTimeout = TimeSpan.Zero };
        var reader = new FeedFrameReader(options, new JsonMarketUpdateCodec(Codecs.CodecTestData.Registry()), _sink, _statistics, _time, _log);

        await ReadSessionAsync(reader, socket, session: 1);

        Assert.Equal(["GBPUSD", "USDJPY"], _sink.Updates.Select(u => u.Symbol));
        var snapshot = _statistics.GetSnapshot();
        Assert.Equal(0, snapshot.MessagesFailed);
        Assert.Equal(1, snapshot.ParseErrors);
        Assert.Equal(1, snapshot.ParseErrorsByCategory["non_finite_number"]);
        Assert.Equal(0, snapshot.ParseErrorsByCategory["malformed_json"]);
        Assert.Equal(new FeedErrorInfo("non_finite_number", "price is NaN or infinite", Now), snapshot.LastError);
        Assert.Contains("❌ Message processing error (feed t1): non_finite_number: price is NaN or infinite", _log.Messages);
    }

    private FeedFrameReader Reader() => new(_options, new LineTestCodec(), _sink, _statistics, _time, _log);

    private async Task ReadSessionAsync(FeedFrameReader reader, ScriptedWebSocket socket, long session)
    {
        using var watchdog = new NoDataWatchdog(_time, _options.NoDataTimeout, socket);
        reader.RentBuffer();
        try
        {
            reader.StartSession(session, _time.GetTimestamp());
            await reader.ReadUntilCloseAsync(socket, watchdog);
        }
        finally
        {
            reader.ReturnBuffer();
        }
    }
}
