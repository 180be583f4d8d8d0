using System.Globalization;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using static Tickwatch.Feeds.Tests.Codecs.Binance.BinanceTestData;

namespace Tickwatch.Feeds.Tests.Codecs.Binance;

public sealed class BinanceSbeCodecUnitTests
{
    /// <summary>FORMAT.md §5.4, BestBidAskStreamEvent: the bookTicker u=85592068563 BTCUSDT re-encoded, eventTime 1769224657584000.</summary>
    private const string BestBidAskExample = """
        32 00 11 27 01 00 00 00 80 3f 3e b7 19 49 06 00
        d3 51 af ed 13 00 00 00 f8 f8 80 66 3c ad 2c 08
        00 00 d0 a0 71 1d 00 00 00 00 c0 a8 4b ad 2c 08
        00 00 38 04 94 0c 00 00 00 00 07 42 54 43 55 53
        44 54
        """;

    /// <summary>FORMAT.md §5.4, TradesStreamEvent: trade t=5052328858 BTCUSDT at 107407.88000000.</summary>
    private const string TradeExample = """
        12 00 10 27 01 00 00 00 68 14 54 5f a5 38 06 00
        80 10 54 5f a5 38 06 00 f8 f8 19 00 01 00 00 00
        9a 6b 24 2d 01 00 00 00 00 75 da c8 c4 09 00 00
        c0 5d 00 00 00 00 00 00 01 07 42 54 43 55 53 44
        54
        """;

    private readonly BinanceSbeCodec _codec = new(Registry());

    private (FrameDecodeResult Result, PriceUpdateBatch Batch) Decode(byte[] frame, DecodeContext? context = null) => BinanceTestData.Decode(_codec, frame, FrameKind.Binary, context);

    [Fact]
    public void The_format_examples_are_what_the_schema_layout_writes_byte_for_byte()
    {
        Assert.Equal(Hex(BestBidAskExample), SbeFrames.BestBidAsk(1769224657584000, 85592068563, -8, -8, 8987978000000, 493986000, 8987979000000, 211027000, "BTCUSDT"));
        Assert.Equal(Hex(TradeExample), SbeFrames.Trades(1751132780369000, 1751132780368000, -8, -8, "BTCUSDT", (5052328858, 10740788000000, 24000, 1)));
    }

    [Fact]
    public void The_best_bid_ask_example_decodes_to_the_bookTicker_it_was_made_from()
    {
        var (result, batch) = Decode(Hex(BestBidAskExample));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var quote = Assert.Single(batch.Updates.ToArray());
        Assert.Equal("BTCUSDT", quote.Symbol);
        Assert.Equal("89879.78000000", quote.Bid!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("89879.79000000", quote.Ask!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(85592068563, quote.SourceSequence);
        Assert.Equal(PriceVersion.FromUnixMicros(1769224657584000), quote.SourceTime);
        Assert.Equal(new DateTimeOffset(2026, 1, 24, 3, 17, 37, 584, TimeSpan.Zero), quote.SourceTime);
        Assert.Equal(("binance", 3L, ReceivedAt), (quote.Feed, quote.FeedSession, quote.ReceivedAt));
        Assert.Equal(0, batch.TradeCount);
    }

    [Fact]
    public void The_trade_example_decodes_to_a_trade_print_never_a_quote()
    {
        var (result, batch) = Decode(Hex(TradeExample));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(0, batch.Count);
        var trade = Assert.Single(batch.Trades.ToArray());
        Assert.Equal(("BTCUSDT", 5052328858L), (trade.Symbol, trade.TradeId));
        Assert.Equal("107407.88000000", trade.Price.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(PriceVersion.FromUnixMicros(1751132780368000), trade.SourceTime);
    }

    [Fact]
    public void Several_trades_in_one_event_are_one_print_each_with_the_shared_exponent()
    {
        var frame = SbeFrames.Trades(1751132780369000, 1751132780368000, -2, -8, "BTCUSDT", (10, 10740788, 1, 0), (11, 10740790, 2, 1), (12, -5, 3, 0));

        var (_, batch) = Decode(frame);

        Assert.Equal([(10L, 107407.88m), (11L, 107407.90m), (12L, -0.05m)], batch.Trades.ToArray().Select(t => (t.TradeId, t.Price)));
    }

    [Fact]
    public void The_symbol_map_names_the_broker_symbol()
    {
        var codec = new BinanceSbeCodec(CodecTestData.Registry(), new BinanceSymbolMap(new Dictionary<string, string> { ["BTCUSDT"] = "BTCUSD" }));

        var (_, batch) = BinanceTestData.Decode(codec, Hex(BestBidAskExample), FrameKind.Binary);

        Assert.Equal("BTCUSD", Assert.Single(batch.Updates.ToArray()).Symbol);
    }

    [Theory]
    [InlineData(-8, 8987978000000, "89879.78000000")]
    [InlineData(0, 42, "42")]
    [InlineData(2, 5, "500")]
    [InlineData(-28, 1, "0.0000000000000000000000000001")]
    [InlineData(-3, -1500, "-1.500")]
    [InlineData(-8, long.MaxValue, "92233720368.54775807")]
    [InlineData(9, long.MaxValue, "9223372036854775807000000000")]
    public void Mantissa_times_ten_to_the_exponent_is_exact(sbyte exponent, long mantissa, string expected)
    {
        Assert.True(SbeDecimal.TryFrom(mantissa, exponent, out var value));
        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(-29, 1)]
    [InlineData(-128, 1)]
    [InlineData(29, 1)]
    [InlineData(10, long.MaxValue)]
    [InlineData(12, long.MinValue + 1)]
    [InlineData(-8, long.MinValue)]
    public void A_value_no_decimal_holds_exactly_is_refused(sbyte exponent, long mantissa) =>
        Assert.False(SbeDecimal.TryFrom(mantissa, exponent, out _));

    [Fact]
    public void A_price_outside_the_decimal_range_costs_its_entry_as_invalid_number()
    {
        var (result, batch) = Decode(SbeFrames.BestBidAsk(1769224657584000, 1, -29, -8, 1, 1, 2, 1, "BTCUSDT"));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(0, batch.Count);
        Assert.Equal(ParseErrorCategory.InvalidNumber, Assert.Single(batch.Errors.ToArray()).Category);
    }

    [Fact]
    public void An_unknown_symbol_is_an_entry_error()
    {
        var (result, batch) = Decode(SbeFrames.BestBidAsk(1769224657584000, 1, -8, -8, 1, 1, 2, 1, "DOGEUSDT"));

        Assert.Equal((FrameOutcome.Decoded, 0), (result.Outcome, batch.Count));
        Assert.Equal(ParseErrorCategory.UnknownSymbol, Assert.Single(batch.Errors.ToArray()).Category);
    }

    [Theory]
    [InlineData(2, 0, 10001, ParseErrorCategory.UnsupportedSbeSchema)]
    [InlineData(1, 1, 10001, ParseErrorCategory.UnsupportedSbeSchema)]
    [InlineData(1, 0, 10004, ParseErrorCategory.UnknownSbeTemplate)]
    [InlineData(1, 0, 0, ParseErrorCategory.UnknownSbeTemplate)]
    public void Another_schema_version_or_template_is_a_clear_error(ushort schemaId, ushort version, ushort templateId, ParseErrorCategory expected)
    {
        var frame = SbeFrames.BestBidAsk(1769224657584000, 1, -8, -8, 1, 1, 2, 1, "BTCUSDT", templateId: templateId, schemaId: schemaId, version: version);

        var (result, batch) = Decode(frame);

        Assert.Equal((FrameOutcome.Failed, expected), (result.Outcome, result.Error));
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Equal(0, batch.Count);
    }

    [Theory]
    [InlineData(10002)]
    [InlineData(10003)]
    public void Depth_messages_are_ignored(ushort templateId)
    {
        var frame = new byte[40];
        SbeFrames.Header(frame, 18, templateId, 1, 0);

        Assert.Equal(FrameOutcome.Ignored, Decode(frame).Result.Outcome);
    }

    [Fact]
    public void Every_truncation_of_both_examples_is_refused_without_a_price()
    {
        foreach (var example in new[] { Hex(BestBidAskExample), Hex(TradeExample) })
        {
            for (var length = 0; length < example.Length; length++)
            {
                var (result, batch) = Decode(example[..length]);

                Assert.Equal(FrameOutcome.Failed, result.Outcome);
                Assert.Equal(length == 0 ? ParseErrorCategory.EmptyFrame : ParseErrorCategory.MalformedSbe, result.Error);
                Assert.Equal((0, 0), (batch.Count, batch.TradeCount));
            }
        }
    }

    [Fact]
    public void Bytes_after_the_end_of_the_message_are_refused()
    {
        var (result, _) = Decode([.. Hex(BestBidAskExample), 0]);

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.MalformedSbe), (result.Outcome, result.Error));
        Assert.Equal("bytes after the end of the message", result.Detail);
    }

    [Theory]
    [InlineData(0, 0x31, "BestBidAskStreamEvent root block is not 50 bytes")]
    [InlineData(58, 0x08, "message cut short inside its symbol")]
    [InlineData(58, 0x06, "bytes after the end of the message")]
    public void A_mutated_best_bid_ask_length_is_refused(int at, byte value, string detail)
    {
        var frame = Hex(BestBidAskExample);
        frame[at] = value;

        var (result, batch) = Decode(frame);

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.MalformedSbe, detail), (result.Outcome, result.Error, result.Detail));
        Assert.Equal(0, batch.Count);
    }

    [Theory]
    [InlineData(26, 0x18, "trades group entry is not 25 bytes")]
    [InlineData(28, 0x02, "message cut short before its symbol")]
    [InlineData(31, 0xff, "trades group count above the schema's maximum")]
    [InlineData(31, 0x7f, "message cut short before its symbol")]
    [InlineData(56, 0x02, "isBuyerMaker is neither 0 nor 1")]
    public void A_mutated_trades_message_is_refused(int at, byte value, string detail)
    {
        var frame = Hex(TradeExample);
        frame[at] = value;

        var (result, batch) = Decode(frame);

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.MalformedSbe, detail), (result.Outcome, result.Error, result.Detail));
        Assert.Equal(0, batch.TradeCount);
    }

    [Fact]
    public void Random_bit_flips_never_throw_and_a_refused_frame_lands_nothing()
    {
        var random = new Random(16);
        var examples = new[] { Hex(BestBidAskExample), Hex(TradeExample) };
        var batch = new PriceUpdateBatch();
        var failed = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var frame = (byte[])examples[round % 2].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
            }

            batch.Clear();
            var result = _codec.Decode(frame, FrameKind.Binary, Context, batch);
            if (result.Outcome != FrameOutcome.Decoded)
            {
                failed++;
                Assert.Equal((0, 0), (batch.Count, batch.TradeCount));
            }
        }

        // Flips in the header, lengths and booleans are caught; flips in a price only change it.
        Assert.InRange(failed, 2_000, 18_000);
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(61);
        var batch = new PriceUpdateBatch();
        for (var round = 0; round < 20_000; round++)
        {
            var frame = new byte[random.Next(0, 120)];
            random.NextBytes(frame);
            if (frame.Length >= 8 && round % 2 == 0)
            {
                // Half start with a valid header, so the garbage reaches the message bodies.
                SbeFrames.Header(frame, round % 4 == 0 ? (ushort)50 : (ushort)18, round % 4 == 0 ? (ushort)10001 : (ushort)10000, 1, 0);
            }

            batch.Clear();
            var result = _codec.Decode(frame, FrameKind.Binary, Context, batch);
            if (result.Outcome == FrameOutcome.Failed)
            {
                Assert.Equal((0, 0), (batch.Count, batch.TradeCount));
            }
        }
    }

    [Fact]
    public void An_event_time_from_the_future_refuses_the_frame()
    {
        var context = new DecodeContext("binance", 1, PriceVersion.FromUnixMicros(1769224657584000) - TimeSpan.FromSeconds(3));

        var (result, batch) = Decode(Hex(BestBidAskExample), context);

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.FutureTimestamp), (result.Outcome, result.Error));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void A_zero_event_time_is_an_invalid_timestamp()
    {
        var (result, _) = Decode(SbeFrames.BestBidAsk(0, 1, -8, -8, 1, 1, 2, 1, "BTCUSDT"));

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.InvalidTimestamp), (result.Outcome, result.Error));
    }

    [Theory]
    [InlineData("""{"result":null,"id":1}""", FeedControl.SubscriptionResult)]
    [InlineData("""{"e":"serverShutdown","E":1770123456789}""", FeedControl.ServerShutdown)]
    [InlineData("""{"error":{"code":2,"msg":"Invalid request: missing field method"},"id":null}""", FeedControl.SubscriptionError)]
    public void Json_control_frames_on_the_same_socket_are_control(string text, FeedControl expected)
    {
        var (result, batch) = BinanceTestData.Decode(_codec, Utf8(text), FrameKind.Text);

        Assert.Equal((FrameOutcome.Ignored, expected, (ParseErrorCategory?)null), (result.Outcome, result.Control, result.Error));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void A_broken_text_frame_is_malformed_json()
    {
        var (result, _) = BinanceTestData.Decode(_codec, Utf8("""{"result":nul"""), FrameKind.Text);

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.MalformedJson), (result.Outcome, result.Error));
    }
}
