using System.Globalization;
using System.IO.Compression;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Compression;
using static Tickwatch.Feeds.Tests.Codecs.CodecTestData;
using static Tickwatch.Feeds.Tests.Codecs.ProtoBuilder;

namespace Tickwatch.Feeds.Tests.Codecs;

public sealed class ProtobufMarketUpdateCodecUnitTests : IDisposable
{
    private readonly Tickwatch.Core.Symbols.SymbolRegistry _registry = Registry();
    private readonly ProtobufMarketUpdateCodec _codec;

    public ProtobufMarketUpdateCodecUnitTests() => _codec = new ProtobufMarketUpdateCodec(_registry);

    public void Dispose() => _codec.Dispose();

    private (FrameDecodeResult Result, PriceUpdateBatch Batch) DecodeMessage(byte[] message) => Decode(_codec, Zlib(message), FrameKind.Binary);

    private static PriceUpdate Single(PriceUpdateBatch batch, string symbol) => Assert.Single(batch.Updates.ToArray(), u => u.Symbol == symbol);

    [Fact]
    public void Full_update_maps_buy_to_ask_and_sell_to_bid_with_context_fields()
    {
        var (result, batch) = DecodeMessage(MarketUpdate(Data(
            Entry("EURUSD", Price(1.0852, 1.0850, 0.0002)),
            Entry("USDJPY", Price(151.43, 151.42)))));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(2, batch.Count);
        Assert.Equal(0, batch.ErrorCount);
        var eur = Single(batch, "EURUSD");
        Assert.Equal((1.0850m, 1.0852m), (eur.Bid, eur.Ask));
        Assert.Equal(("test-feed", 7L, ReceivedAt), (eur.Feed, eur.FeedSession, eur.ReceivedAt));
        Assert.Null(eur.SourceSequence);
        Assert.Null(eur.SourceTime);
        Assert.Equal(151.43m, Single(batch, "USDJPY").Ask);
        Assert.True(_registry.TryGet("EURUSD", out var settings));
        Assert.Same(settings.Symbol, eur.Symbol);
    }

    [Fact]
    public void Doubles_become_their_shortest_decimal_so_1_0852_stays_1_0852()
    {
        var (_, batch) = DecodeMessage(MarketUpdate(Data(
            Entry("EURUSD", Price(1.0852, 1.085)),
            Entry("BTCUSD", Price(67842.15, 0.00001)),
            Entry("USDJPY", Price(151.42, 1e-8)))));

        var eur = Single(batch, "EURUSD");
        Assert.Equal("1.0852", eur.Ask!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("1.085", eur.Bid!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(67842.15m, Single(batch, "BTCUSD").Ask);
        Assert.Equal(0.00001m, Single(batch, "BTCUSD").Bid);
        Assert.Equal(0.00000001m, Single(batch, "USDJPY").Bid);
    }

    [Theory]
    [InlineData(1.0852, null, null, "1.0852")]
    [InlineData(null, 1.085, "1.085", null)]
    [InlineData(0.0, 1.085, "1.085", null)]
    [InlineData(1.0852, -0.0, null, "1.0852")]
    [InlineData(-1.5, 1.085, "1.085", "-1.5")]
    public void A_zero_or_absent_side_is_null_and_negative_values_pass_through(double? buy, double? sell, string? bid, string? ask)
    {
        var (result, batch) = DecodeMessage(MarketUpdate(Data(Entry("EURUSD", Price(buy, sell)))));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var update = Assert.Single(batch.Updates.ToArray());
        Assert.Equal(bid is null ? null : decimal.Parse(bid, CultureInfo.InvariantCulture), update.Bid);
        Assert.Equal(ask is null ? null : decimal.Parse(ask, CultureInfo.InvariantCulture), update.Ask);
    }

    [Fact]
    public void Sequence_and_time_are_read_wherever_they_sit()
    {
        var data = Data(Entry("EURUSD", Price(1.0852, 1.085)));
        var ts = 1714564800123L;
        var orders = new[]
        {
            Concat(StringField(1, "market_update"), data, VarintField(3, 42), VarintField(4, (ulong)ts)),
            Concat(VarintField(4, (ulong)ts), VarintField(3, 42), data, StringField(1, "market_update")),
            Concat(data, VarintField(3, 42), StringField(1, "market_update"), VarintField(4, (ulong)ts)),
        };

        foreach (var message in orders)
        {
            var (result, batch) = DecodeMessage(message);
            Assert.Equal(FrameOutcome.Decoded, result.Outcome);
            var update = Assert.Single(batch.Updates.ToArray());
            Assert.Equal(42, update.SourceSequence);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(ts), update.SourceTime);
        }
    }

    [Fact]
    public void A_time_before_1970_is_a_negative_int64_and_refused_as_invalid_timestamp()
    {
        var (result, batch) = DecodeMessage(MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085))), ts: -86_400_000));

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.InvalidTimestamp), (result.Outcome, result.Error));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Map_entry_fields_may_come_in_any_order_and_unknown_fields_of_every_wire_type_are_skipped()
    {
        var unknown = Concat(VarintField(9, 300), DoubleField(10, 1.5), StringField(11, "x"), Fixed32Field(12, 7));
        var value = Concat(unknown, DoubleField(2, 1.085), DoubleField(3, 0.0002), DoubleField(1, 1.0852), unknown);
        var entry = BytesField(1, unknown, BytesField(2, value), StringField(1, "EURUSD"), unknown);
        var message = Concat(unknown, StringField(1, "market_update"), unknown, BytesField(2, unknown, entry, unknown), unknown);

        var (result, batch) = DecodeMessage(message);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var update = Assert.Single(batch.Updates.ToArray());
        Assert.Equal(("EURUSD", 1.085m, 1.0852m), (update.Symbol, update.Bid, update.Ask));
    }

    [Fact]
    public void A_known_field_with_another_wire_type_is_skipped_like_an_unknown_one()
    {
        var value = Concat(VarintField(1, 5), DoubleField(2, 1.085));

        var (result, batch) = DecodeMessage(MarketUpdate(Data(BytesField(1, StringField(1, "EURUSD"), BytesField(2, value)))));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var update = Assert.Single(batch.Updates.ToArray());
        Assert.Equal((1.085m, (decimal?)null), (update.Bid, update.Ask));
    }

    [Fact]
    public void A_missing_type_is_a_market_update_when_data_is_present()
    {
        var (result, batch) = DecodeMessage(Data(Entry("EURUSD", Price(1.0852, 1.085))));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(1, batch.Count);
    }

    [Theory]
    [InlineData("heartbeat")]
    [InlineData("")]
    [InlineData("market_update2")]
    public void Other_message_types_are_ignored(string type)
    {
        var (result, batch) = DecodeMessage(Concat(StringField(1, type), Data(Entry("EURUSD", Price(1.0852, 1.085)), Entry("NOPE", Price(1, 1)))));

        Assert.Equal(FrameOutcome.Ignored, result.Outcome);
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.ErrorCount);
    }

    [Fact]
    public void A_message_with_neither_type_nor_data_is_ignored()
    {
        var (result, _) = DecodeMessage(VarintField(3, 1));

        Assert.Equal(FrameOutcome.Ignored, result.Outcome);
    }

    [Fact]
    public void A_market_update_without_data_fails()
    {
        var (result, _) = DecodeMessage(StringField(1, "market_update"));

        Assert.Equal(FrameOutcome.Failed, result.Outcome);
        Assert.Equal(ParseErrorCategory.UnexpectedShape, result.Error);
    }

    [Fact]
    public void A_market_update_with_an_empty_map_decodes_to_nothing()
    {
        var (result, batch) = DecodeMessage(MarketUpdate(Data()));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void A_text_frame_is_ignored_and_an_empty_frame_fails_as_empty()
    {
        var frame = Zlib(MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085)))));

        Assert.Equal(FrameOutcome.Ignored, _codec.Decode(frame, FrameKind.Text, Context, new PriceUpdateBatch()).Outcome);
        var empty = _codec.Decode([], FrameKind.Binary, Context, new PriceUpdateBatch());
        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.EmptyFrame), (empty.Outcome, empty.Error));
    }

    [Theory]
    [InlineData(double.NaN, ParseErrorCategory.NonFiniteNumber)]
    [InlineData(double.PositiveInfinity, ParseErrorCategory.NonFiniteNumber)]
    [InlineData(double.NegativeInfinity, ParseErrorCategory.NonFiniteNumber)]
    [InlineData(1e300, ParseErrorCategory.InvalidNumber)]
    public void A_bad_double_is_an_entry_error_and_skips_only_that_entry(double bad, ParseErrorCategory expected)
    {
        var (result, batch) = DecodeMessage(MarketUpdate(Data(
            Entry("GBPUSD", Price(1.2675, 1.2674)),
            Entry("EURUSD", Price(1.0852, bad)),
            Entry("USDJPY", Price(151.43, 151.42)))));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(["GBPUSD", "USDJPY"], batch.Updates.ToArray().Select(u => u.Symbol));
        Assert.Equal(expected, Assert.Single(batch.Errors.ToArray()).Category);
    }

    [Fact]
    public void Unknown_symbols_and_empty_prices_are_entry_errors()
    {
        var (result, batch) = DecodeMessage(MarketUpdate(Data(
            Entry("NOPE", Price(1, 1)),
            Entry("EURUSD", Price(null, null, 0.0002)),
            BytesField(1, StringField(1, "GBPUSD")),
            BytesField(1, BytesField(2, Price(1, 1))),
            Entry("USDJPY", Price(151.43, 151.42)))));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal("USDJPY", Assert.Single(batch.Updates.ToArray()).Symbol);
        Assert.Equal(
            [ParseErrorCategory.UnknownSymbol, ParseErrorCategory.EmptyPrice, ParseErrorCategory.EmptyPrice, ParseErrorCategory.UnknownSymbol],
            batch.Errors.ToArray().Select(e => e.Category));
    }

    [Theory]
    [InlineData(new byte[] { 0x0B })] // start group, field 1
    [InlineData(new byte[] { 0x0C })] // end group, field 1
    [InlineData(new byte[] { 0x0E, 0x00 })] // wire type 6
    [InlineData(new byte[] { 0x0F, 0x00 })] // wire type 7
    [InlineData(new byte[] { 0x00, 0x01 })] // field number 0
    [InlineData(new byte[] { 0x18, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })] // 11-byte varint
    [InlineData(new byte[] { 0x12, 0x05, 0x0A })] // length beyond the end
    [InlineData(new byte[] { 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })] // length near 4 GiB
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // tag beyond 32 bits
    public void Impossible_top_level_encodings_fail_as_malformed(byte[] message)
    {
        var (result, batch) = DecodeMessage([.. StringField(1, "market_update"), .. Data(Entry("EURUSD", Price(1.0852, 1.085))), .. message]);

        Assert.Equal(FrameOutcome.Failed, result.Outcome);
        Assert.Equal(ParseErrorCategory.MalformedProtobuf, result.Error);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void A_group_inside_the_prices_fails_the_whole_frame_and_lands_nothing()
    {
        var (result, batch) = DecodeMessage(MarketUpdate(Data(
            Entry("EURUSD", Price(1.0852, 1.085)),
            Entry("GBPUSD", [0x0B, 0x0C]))));

        Assert.Equal(FrameOutcome.Failed, result.Outcome);
        Assert.Equal(ParseErrorCategory.MalformedProtobuf, result.Error);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Every_prefix_of_a_valid_message_fails_cleanly_or_decodes()
    {
        var message = MarketUpdate(Data(
            Entry("EURUSD", Price(1.0852, 1.085, 0.0002)),
            Entry("GBPUSD", Price(1.2675, null)),
            Entry("XAUUSD", Price(2341.8, 2341.55))), seq: 123456, ts: 1714564800123);
        var outcomes = new HashSet<(FrameOutcome, ParseErrorCategory?)>();

        for (var length = 1; length < message.Length; length++)
        {
            var (result, batch) = DecodeMessage(message[..length]);
            outcomes.Add((result.Outcome, result.Error));
            if (result.Outcome == FrameOutcome.Failed)
            {
                Assert.Equal(0, batch.Count);
                Assert.True(result.Error is ParseErrorCategory.MalformedProtobuf or ParseErrorCategory.UnexpectedShape, $"prefix {length}: {result.Error}");
            }
        }

        Assert.Contains((FrameOutcome.Failed, ParseErrorCategory.MalformedProtobuf), outcomes);
        Assert.Equal(3, DecodeMessage(message).Batch.Count);
    }

    [Fact]
    public void Every_prefix_of_a_compressed_frame_fails_as_bad_compression()
    {
        var frame = Zlib(MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085)), Entry("GBPUSD", Price(1.2675, 1.2674)))));

        for (var length = 1; length < frame.Length; length++)
        {
            var (result, batch) = Decode(_codec, frame[..length], FrameKind.Binary);
            Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.BadCompression), (result.Outcome, result.Error));
            Assert.Equal(0, batch.Count);
        }
    }

    [Fact]
    public void Bad_zlib_fails_as_bad_compression()
    {
        var message = MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085))));
        var zlib = Zlib(message);
        var badChecksum = zlib.ToArray();
        badChecksum[^1] ^= 0xFF;
        using var rawDeflate = new MemoryStream();
        using (var deflate = new DeflateStream(rawDeflate, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(message);
        }

        foreach (var frame in new[] { message, badChecksum, rawDeflate.ToArray(), [0x78], [0x78, 0x9C, 0xFF, 0xFF, 0xFF], Utf8("""{"type":"market_update"}""") })
        {
            var (result, batch) = Decode(_codec, frame, FrameKind.Binary);
            Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.BadCompression), (result.Outcome, result.Error));
            Assert.Equal(0, batch.Count);
        }
    }

    [Fact]
    public void Bytes_after_the_end_of_the_zlib_stream_are_ignored()
    {
        var frame = Concat(Zlib(MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085))))), [1, 2, 3]);

        Assert.Equal(FrameOutcome.Decoded, Decode(_codec, frame, FrameKind.Binary).Result.Outcome);
    }

    [Fact]
    public void A_zip_bomb_fails_as_oversized_without_inflating_it_all()
    {
        var bomb = Zlib(new byte[64 * 1024 * 1024], CompressionLevel.SmallestSize);
        Assert.True(bomb.Length < 100 * 1024);

        var (result, batch) = Decode(_codec, bomb, FrameKind.Binary);

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.OversizedFrame), (result.Outcome, result.Error));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void The_inflated_size_limit_is_exact()
    {
        var message = MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085)), Entry("GBPUSD", Price(1.2675, 1.2674))));
        using var atLimit = new ProtobufMarketUpdateCodec(_registry, maxInflatedBytes: message.Length);
        using var belowLimit = new ProtobufMarketUpdateCodec(_registry, maxInflatedBytes: message.Length - 1);

        Assert.Equal(FrameOutcome.Decoded, Decode(atLimit, Zlib(message), FrameKind.Binary).Result.Outcome);
        Assert.Equal(ParseErrorCategory.OversizedFrame, Decode(belowLimit, Zlib(message), FrameKind.Binary).Result.Error);
    }

    [Fact]
    public void A_frame_larger_than_the_first_output_buffer_decodes()
    {
        // Unknown padding makes the message inflate well beyond the initial 64 KiB buffer.
        var message = Concat(StringField(15, new string('x', 300_000)), MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085)))));

        var (result, batch) = DecodeMessage(message);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(1.0852m, Assert.Single(batch.Updates.ToArray()).Ask);
    }

    [Fact]
    public void A_sequence_beyond_int64_fails_as_unexpected_shape()
    {
        var (result, _) = DecodeMessage(MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085))), seq: ulong.MaxValue));

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.UnexpectedShape), (result.Outcome, result.Error));
    }

    [Fact]
    public void A_time_outside_the_representable_range_fails_as_future_timestamp()
    {
        var (result, _) = DecodeMessage(MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085))), ts: long.MaxValue));

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.FutureTimestamp), (result.Outcome, result.Error));
    }

    [Fact]
    public void The_managed_fallback_inflater_gives_the_same_results()
    {
        using var fallback = new ProtobufMarketUpdateCodec(_registry, 1024 * 1024, new StreamZlibInflater());
        var message = MarketUpdate(Data(Entry("EURUSD", Price(1.0852, 1.085)), Entry("NOPE", Price(1, 1))), seq: 9);

        var (good, batch) = Decode(fallback, Zlib(message), FrameKind.Binary);
        var corrupt = Decode(fallback, [0x78, 0x9C, 0xFF, 0xFF, 0xFF], FrameKind.Binary).Result;
        var bomb = Decode(fallback, Zlib(new byte[8 * 1024 * 1024]), FrameKind.Binary).Result;

        Assert.Equal(FrameOutcome.Decoded, good.Outcome);
        Assert.Equal((1.085m, 1.0852m, 9L), (batch.Updates[0].Bid, batch.Updates[0].Ask, batch.Updates[0].SourceSequence));
        Assert.Equal(ParseErrorCategory.UnknownSymbol, Assert.Single(batch.Errors.ToArray()).Category);
        Assert.Equal(ParseErrorCategory.BadCompression, corrupt.Error);
        Assert.Equal(ParseErrorCategory.OversizedFrame, bomb.Error);
    }

    [Fact]
    public void The_system_zlib_is_used_on_this_machine()
    {
        Assert.True(ZlibNative.IsAvailable, "libz.so.1 should load on the Linux machines Tickwatch runs on");
    }
}
