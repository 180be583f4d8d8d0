using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using static Tickwatch.Feeds.Tests.Codecs.CodecTestData;

namespace Tickwatch.Feeds.Tests.Codecs;

/// <summary>A source time that cannot be true refuses its frame on both protocols, and the next good frame decodes.</summary>
public sealed class SourceTimeUnitTests
{
    private static readonly WirePrice[] Eurusd = [new("EURUSD", 1.0850m, 1.0852m)];

    public static TheoryData<FeedProtocol, long, ParseErrorCategory> Refused => new()
    {
        { FeedProtocol.Json, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), ParseErrorCategory.FutureTimestamp },
        { FeedProtocol.Protobuf, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), ParseErrorCategory.FutureTimestamp },
        { FeedProtocol.Json, ReceivedAt.ToUnixTimeMilliseconds() + 2_001, ParseErrorCategory.FutureTimestamp },
        { FeedProtocol.Protobuf, ReceivedAt.ToUnixTimeMilliseconds() + 2_001, ParseErrorCategory.FutureTimestamp },
        { FeedProtocol.Json, -1_000, ParseErrorCategory.InvalidTimestamp },
        { FeedProtocol.Protobuf, -1_000, ParseErrorCategory.InvalidTimestamp },
        { FeedProtocol.Json, 0, ParseErrorCategory.InvalidTimestamp },
        { FeedProtocol.Protobuf, 0, ParseErrorCategory.InvalidTimestamp },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_time_that_cannot_be_true_refuses_the_frame_and_the_next_good_one_decodes(FeedProtocol protocol, long unixMilliseconds, ParseErrorCategory expected)
    {
        var encoder = FeedCodecs.CreateEncoder(protocol);
        var codec = FeedCodecs.CreateCodec(protocol, Registry());
        var poisoned = Encode(encoder, Eurusd, 9, DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds));
        if (unixMilliseconds == 0 && protocol == FeedProtocol.Protobuf)
        {
            // Proto3 writes no field for 0; a hostile source may still send it.
            poisoned = Zlib(ProtoBuilder.MarketUpdate(ProtoBuilder.Data(ProtoBuilder.Entry("EURUSD", ProtoBuilder.Price(1.0852, 1.085))), seq: 9, ts: 0));
        }

        var (refused, refusedBatch) = Decode(codec, poisoned, encoder.FrameKind);
        var (next, nextBatch) = Decode(codec, Encode(encoder, Eurusd, 10, ReceivedAt.AddMilliseconds(-3)), encoder.FrameKind);

        Assert.Equal((FrameOutcome.Failed, expected), (refused.Outcome, refused.Error));
        Assert.Equal(0, refusedBatch.Count);
        Assert.Equal(expected == ParseErrorCategory.FutureTimestamp ? "future_timestamp" : "invalid_timestamp", expected.ToWireName());
        Assert.Equal(FrameOutcome.Decoded, next.Outcome);
        Assert.Equal(ReceivedAt.AddMilliseconds(-3), Assert.Single(nextBatch.Updates.ToArray()).SourceTime);
    }

    [Theory]
    [InlineData(FeedProtocol.Json)]
    [InlineData(FeedProtocol.Protobuf)]
    public void A_time_within_the_skew_ahead_is_taken(FeedProtocol protocol)
    {
        var encoder = FeedCodecs.CreateEncoder(protocol);
        var codec = FeedCodecs.CreateCodec(protocol, Registry());

        var (result, batch) = Decode(codec, Encode(encoder, Eurusd, 1, ReceivedAt + SourceClock.DefaultMaxClockSkew), encoder.FrameKind);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(ReceivedAt + SourceClock.DefaultMaxClockSkew, Assert.Single(batch.Updates.ToArray()).SourceTime);
    }

    [Fact]
    public void The_skew_is_the_feeds_own()
    {
        var encoder = FeedCodecs.CreateEncoder(FeedProtocol.Json);
        var codec = FeedCodecs.CreateCodec(FeedProtocol.Json, Registry());
        var frame = Encode(encoder, Eurusd, 1, ReceivedAt.AddSeconds(5));
        var batch = new PriceUpdateBatch();

        var strict = codec.Decode(frame, FrameKind.Text, Context with { MaxClockSkew = TimeSpan.Zero }, batch);
        var lenient = codec.Decode(frame, FrameKind.Text, Context with { MaxClockSkew = TimeSpan.FromSeconds(10) }, batch);

        Assert.Equal(ParseErrorCategory.FutureTimestamp, strict.Error);
        Assert.Equal(FrameOutcome.Decoded, lenient.Outcome);
    }

    [Theory]
    [InlineData("""{"type":"market_update","ts":99999999999999999999,"data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}""", ParseErrorCategory.FutureTimestamp)]
    [InlineData("""{"type":"market_update","ts":1714000000000.5,"data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}""", ParseErrorCategory.InvalidTimestamp)]
    [InlineData("""{"data":{"market_prices":{"EURUSD":{"buy":1.0852}}},"type":"market_update","ts":-5}""", ParseErrorCategory.InvalidTimestamp)]
    public void A_json_ts_no_int64_holds_or_after_the_prices_is_checked_too(string json, ParseErrorCategory expected)
    {
        var (result, batch) = Decode(FeedCodecs.CreateCodec(FeedProtocol.Json, Registry()), Utf8(json), FrameKind.Text);

        Assert.Equal((FrameOutcome.Failed, expected), (result.Outcome, result.Error));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Another_message_type_is_ignored_whatever_its_time()
    {
        var json = Decode(FeedCodecs.CreateCodec(FeedProtocol.Json, Registry()), Utf8("""{"type":"heartbeat","ts":-5}"""), FrameKind.Text).Result;
        var other = ProtoBuilder.Concat(ProtoBuilder.StringField(1, "heartbeat"), ProtoBuilder.VarintField(4, unchecked((ulong)-5L)));
        var protobuf = Decode(FeedCodecs.CreateCodec(FeedProtocol.Protobuf, Registry()), Zlib(other), FrameKind.Binary).Result;

        Assert.Equal((FrameOutcome.Ignored, FrameOutcome.Ignored), (json.Outcome, protobuf.Outcome));
    }
}
