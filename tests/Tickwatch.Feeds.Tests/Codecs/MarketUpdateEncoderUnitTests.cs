using Tickwatch.Feeds.Codecs;
using static Tickwatch.Feeds.Tests.Codecs.CodecTestData;
using static Tickwatch.Feeds.Tests.Codecs.ProtoBuilder;

namespace Tickwatch.Feeds.Tests.Codecs;

public sealed class MarketUpdateEncoderUnitTests
{
    private static readonly WirePrice[] Prices =
    [
        new("EURUSD", 1.08500m, 1.0852m),
        new("USDJPY", null, 151.43m),
        new("XAUUSD", 2341.55m, null),
    ];

    private static readonly DateTimeOffset SourceTime = DateTimeOffset.FromUnixTimeMilliseconds(1714564800123);

    [Fact]
    public void Json_writes_the_reference_shape_with_exact_decimals_and_absent_sides_omitted()
    {
        var json = System.Text.Encoding.UTF8.GetString(Encode(new JsonMarketUpdateEncoder(), Prices, 42, SourceTime));

        Assert.Equal(
            """{"type":"market_update","seq":42,"ts":1714564800123,"data":{"market_prices":{"EURUSD":{"buy":1.0852,"sell":1.08500},"USDJPY":{"buy":151.43},"XAUUSD":{"sell":2341.55}}}}""",
            json);
    }

    [Fact]
    public void Json_omits_seq_and_ts_when_not_given()
    {
        var json = System.Text.Encoding.UTF8.GetString(Encode(new JsonMarketUpdateEncoder(), [new("EURUSD", 1.085m, 1.0852m)]));

        Assert.Equal("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852,"sell":1.085}}}}""", json);
    }

    [Fact]
    public void Protobuf_writes_the_reference_message_in_field_order_with_absent_sides_omitted()
    {
        using var encoder = new ProtobufMarketUpdateEncoder();

        var frame = Encode(encoder, Prices, 42, SourceTime);

        Assert.Equal((byte)0x78, frame[0]);
        var expected = MarketUpdate(
            Data(
                Entry("EURUSD", Price(1.0852, 1.085)),
                Entry("USDJPY", Price(151.43, null)),
                Entry("XAUUSD", Price(null, 2341.55))),
            seq: 42,
            ts: 1714564800123);
        Assert.Equal(expected, Inflate(frame));
    }

    [Fact]
    public void Protobuf_without_seq_and_ts_writes_only_type_and_data()
    {
        using var encoder = new ProtobufMarketUpdateEncoder();

        var payload = Inflate(Encode(encoder, [new("EURUSD", 1.085m, 1.0852m)]));

        Assert.Equal(MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085)))), payload);
    }

    [Fact]
    public void Protobuf_refuses_a_negative_sequence_because_the_field_is_unsigned()
    {
        using var encoder = new ProtobufMarketUpdateEncoder();

        Assert.Throws<ArgumentOutOfRangeException>(() => Encode(encoder, Prices, -1));
    }

    [Fact]
    public void Protobuf_encoding_is_safe_from_many_threads_at_once()
    {
        using var encoder = new ProtobufMarketUpdateEncoder();
        var expected = Inflate(Encode(encoder, Prices, 7, SourceTime));

        Parallel.For(0, 2000, _ => Assert.Equal(expected, Inflate(Encode(encoder, Prices, 7, SourceTime))));
    }

    [Fact]
    public void Large_frames_compress_and_inflate_back()
    {
        using var encoder = new ProtobufMarketUpdateEncoder();
        var many = Enumerable.Range(0, 5000).Select(i => new WirePrice("SYM" + i, 1m + i, 2m + i)).ToArray();

        var frame = Encode(encoder, many, 1);

        Assert.True(frame.Length < Inflate(frame).Length);
        Assert.Equal(5000, Inflate(frame).AsSpan().Count("SYM"u8));
    }

    [Theory]
    [InlineData(FeedProtocol.Json, typeof(JsonMarketUpdateCodec), typeof(JsonMarketUpdateEncoder), FrameKind.Text)]
    [InlineData(FeedProtocol.Protobuf, typeof(ProtobufMarketUpdateCodec), typeof(ProtobufMarketUpdateEncoder), FrameKind.Binary)]
    public void The_factory_pairs_each_protocol_with_its_codec_and_encoder(FeedProtocol protocol, Type codecType, Type encoderType, FrameKind kind)
    {
        var codec = FeedCodecs.CreateCodec(protocol, Registry());
        var encoder = FeedCodecs.CreateEncoder(protocol);

        Assert.IsType(codecType, codec);
        Assert.IsType(encoderType, encoder);
        Assert.Equal((protocol, protocol, kind), (codec.Protocol, encoder.Protocol, encoder.FrameKind));
    }

    [Fact]
    public void The_factory_passes_the_inflated_size_limit_on()
    {
        var codec = FeedCodecs.CreateCodec(FeedProtocol.Protobuf, Registry(), maxInflatedBytes: 16);
        var frame = Encode(FeedCodecs.CreateEncoder(FeedProtocol.Protobuf), Prices);

        Assert.Equal(ParseErrorCategory.OversizedFrame, Decode(codec, frame, FrameKind.Binary).Result.Error);
    }

    [Fact]
    public void The_factory_refuses_an_unknown_protocol()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedCodecs.CreateCodec((FeedProtocol)99, Registry()));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeedCodecs.CreateEncoder((FeedProtocol)99));
    }
}
