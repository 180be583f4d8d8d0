using System.Buffers;
using System.Globalization;
using System.Text;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using static Tickwatch.Feeds.Tests.Codecs.Binance.BinanceTestData;

namespace Tickwatch.Feeds.Tests.Codecs.Binance;

/// <summary>The quote hub's Binance encoders: what they write decodes through the listener's codecs to exactly the same values.</summary>
public sealed class BinanceEncoderUnitTests
{
    private static readonly DateTimeOffset BookTime = DateTimeOffset.FromUnixTimeMilliseconds(1769224657584);

    // FORMAT.md §5.4's bookTicker and trade, as the values they carry.
    private static readonly BinanceBookTicker FormatQuote = new(
        "BTCUSDT", 85592068563, 89879.78000000m, 4.93986000m, 89879.79000000m, 2.11027000m, BookTime);

    private static readonly BinanceTrade FormatTrade = new(
        "BTCUSDT", 5052328858, 107407.88000000m, 0.00024000m, true,
        DateTimeOffset.FromUnixTimeMilliseconds(1751132780369), DateTimeOffset.FromUnixTimeMilliseconds(1751132780368));

    public static TheoryData<string> Protocols => new() { nameof(FeedProtocol.BinanceJson), nameof(FeedProtocol.BinanceSbe) };

    [Fact]
    public void Sbe_best_bid_ask_is_the_format_example_byte_for_byte()
    {
        var frame = Write(new BinanceSbeEncoder(), (e, o) => e.EncodeBookTicker(FormatQuote, null, o));

        Assert.Equal(
            SbeFrames.BestBidAsk(1769224657584000, 85592068563, -8, -8, 8987978000000, 493986000, 8987979000000, 211027000, "BTCUSDT"),
            frame);
    }

    [Fact]
    public void Sbe_trade_is_the_format_example_byte_for_byte()
    {
        var frame = Write(new BinanceSbeEncoder(), (e, o) => e.EncodeTrade(FormatTrade, null, o));

        Assert.Equal(SbeFrames.Trades(1751132780369000, 1751132780368000, -8, -8, "BTCUSDT", (5052328858, 10740788000000, 24000, 1)), frame);
    }

    [Fact]
    public void Json_book_ticker_is_the_venue_payload_key_for_key()
    {
        var frame = Write(new BinanceJsonEncoder(), (e, o) => e.EncodeBookTicker(FormatQuote, null, o));

        Assert.Equal(
            """{"u":85592068563,"s":"BTCUSDT","b":"89879.78000000","B":"4.93986000","a":"89879.79000000","A":"2.11027000"}""",
            Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void Json_combined_wraps_the_same_payload_in_its_stream()
    {
        var frame = Write(new BinanceJsonEncoder(), (e, o) => e.EncodeBookTicker(FormatQuote, "btcusdt@bookTicker", o));

        Assert.Equal(
            """{"stream":"btcusdt@bookTicker","data":{"u":85592068563,"s":"BTCUSDT","b":"89879.78000000","B":"4.93986000","a":"89879.79000000","A":"2.11027000"}}""",
            Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void Json_trade_is_the_format_example()
    {
        var frame = Write(new BinanceJsonEncoder(), (e, o) => e.EncodeTrade(FormatTrade, null, o));

        Assert.Equal(
            """{"e":"trade","E":1751132780369,"s":"BTCUSDT","t":5052328858,"p":"107407.88000000","q":"0.00024000","T":1751132780368,"m":true,"M":true}""",
            Encoding.UTF8.GetString(frame));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Quotes_round_trip_exactly_raw_and_combined(string protocol)
    {
        var (encoder, codec, kind) = Pair(protocol);
        BinanceBookTicker[] quotes =
        [
            FormatQuote,
            new("EURUSD", 1, 1.08512m, 1m, 1.08523m, 2.5m, BookTime),
            new("USDJPY", long.MaxValue, 151.4m, 0.001m, 151.43m, 1000000m, BookTime),
            new("XAUUSD", 7, 2341.5m, 1m, 2341.55000m, 1m, BookTime),
            new("BTCUSD", 42, 0.00000001m, 12345678.12345678m, 92233720368.54775807m, 3m, BookTime),
        ];

        foreach (var quote in quotes)
        {
            foreach (var stream in new[] { null, quote.Symbol.ToLowerInvariant() + "@bookTicker" })
            {
                var frame = Write(encoder, (e, o) => e.EncodeBookTicker(quote, stream, o));
                var (result, batch) = Decode(codec, frame, kind);

                Assert.Equal(FrameOutcome.Decoded, result.Outcome);
                var update = Assert.Single(batch.Updates.ToArray());
                Assert.Equal((quote.Symbol, quote.Bid, quote.Ask, quote.UpdateId), (update.Symbol, update.Bid!.Value, update.Ask!.Value, update.SourceSequence!.Value));

                // Exact to the digit: the same value and the same scale where the encoder kept it.
                Assert.Equal(Text(quote.Bid.Scale >= quote.Ask.Scale ? quote.Bid : quote.Ask), Text(quote.Bid.Scale >= quote.Ask.Scale ? update.Bid.Value : update.Ask.Value));
                if (kind == FrameKind.Binary)
                {
                    Assert.Equal(quote.EventTime, update.SourceTime);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Trades_round_trip_exactly_raw_and_combined(string protocol)
    {
        var (encoder, codec, kind) = Pair(protocol);
        BinanceTrade[] trades =
        [
            FormatTrade,
            FormatTrade with { Symbol = "EURUSD", TradeId = 1, Price = 1.08517m, Quantity = 3m, IsBuyerMaker = false },
        ];

        foreach (var trade in trades)
        {
            foreach (var stream in new[] { null, trade.Symbol.ToLowerInvariant() + "@trade" })
            {
                var frame = Write(encoder, (e, o) => e.EncodeTrade(trade, stream, o));
                var (result, batch) = Decode(codec, frame, kind);

                Assert.Equal(FrameOutcome.Decoded, result.Outcome);
                Assert.Equal(0, batch.Count);
                var print = Assert.Single(batch.Trades.ToArray());
                Assert.Equal((trade.Symbol, trade.Price, trade.TradeId), (print.Symbol, print.Price, print.TradeId));
                Assert.Equal(Text(trade.Price), Text(print.Price));
                Assert.Equal(trade.TradeTime, print.SourceTime);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void The_generic_path_writes_one_quote_with_the_sequence_as_its_update_id(string protocol)
    {
        var (encoder, codec, kind) = Pair(protocol);
        var output = new ArrayBufferWriter<byte>();

        encoder.Encode([new WirePrice("EURUSD", 1.08512m, 1.08523m)], 17, BookTime, output);

        var (result, batch) = Decode(codec, output.WrittenSpan.ToArray(), kind);
        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var update = Assert.Single(batch.Updates.ToArray());
        Assert.Equal(("EURUSD", 1.08512m, 1.08523m, 17L), (update.Symbol, update.Bid!.Value, update.Ask!.Value, update.SourceSequence!.Value));
        Assert.Throws<ArgumentException>(() => encoder.Encode([new("EURUSD", 1.1m, 1.2m), new("USDJPY", 150m, 151m)], 1, null, output));
        Assert.Throws<ArgumentException>(() => encoder.Encode([new("EURUSD", 1.1m, null)], 1, null, output));
        Assert.Throws<ArgumentException>(() => encoder.Encode([new("EURUSD", 1.1m, 1.2m)], null, null, output));
    }

    [Fact]
    public void A_price_whose_mantissa_does_not_fit_int64_is_refused_not_truncated()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentOutOfRangeException>(() => new BinanceSbeEncoder().EncodeBookTicker(FormatQuote with { Bid = 1m, Ask = 99999999999.12345678m }, null, output));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Encoding_allocates_nothing_per_event(string protocol)
    {
        var (encoder, _, _) = Pair(protocol);
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        const string Stream = "btcusdt@bookTicker";
        encoder.EncodeBookTicker(FormatQuote, Stream, output);
        encoder.EncodeTrade(FormatTrade, Stream, output);
        output.ResetWrittenCount();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            encoder.EncodeBookTicker(FormatQuote, Stream, output);
            encoder.EncodeTrade(FormatTrade, Stream, output);
            output.ResetWrittenCount();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static (IBinanceFrameEncoder Encoder, IFeedCodec Codec, FrameKind Kind) Pair(string protocol) =>
        protocol == nameof(FeedProtocol.BinanceJson)
            ? (new BinanceJsonEncoder(), new BinanceJsonCodec(Registry()), FrameKind.Text)
            : (new BinanceSbeEncoder(), new BinanceSbeCodec(Registry()), FrameKind.Binary);

    private static byte[] Write(IBinanceFrameEncoder encoder, Action<IBinanceFrameEncoder, IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(encoder, output);
        Assert.Equal(encoder is BinanceSbeEncoder ? FrameKind.Binary : FrameKind.Text, encoder.FrameKind);
        return output.WrittenSpan.ToArray();
    }
}
