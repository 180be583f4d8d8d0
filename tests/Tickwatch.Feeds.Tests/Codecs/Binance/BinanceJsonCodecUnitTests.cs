using System.Globalization;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using static Tickwatch.Feeds.Tests.Codecs.Binance.BinanceTestData;

namespace Tickwatch.Feeds.Tests.Codecs.Binance;

public sealed class BinanceJsonCodecUnitTests
{
    private const string BookTicker = """{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}""";

    private readonly BinanceJsonCodec _codec = new(Registry());

    private (FrameDecodeResult Result, PriceUpdateBatch Batch) Decode(string json, DecodeContext? context = null) => BinanceTestData.Decode(_codec, Utf8(json), FrameKind.Text, context);

    [Fact]
    public void A_raw_bookTicker_is_a_quote_with_its_update_id_as_the_sequence_and_exact_prices()
    {
        var (result, batch) = Decode(BookTicker);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var quote = Assert.Single(batch.Updates.ToArray());
        Assert.Equal(("BNBUSDT", 400900217L), (quote.Symbol, quote.SourceSequence));
        Assert.Equal("25.35190000", quote.Bid!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("25.36520000", quote.Ask!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Null(quote.SourceTime);
        Assert.Equal(("binance", 3L, ReceivedAt), (quote.Feed, quote.FeedSession, quote.ReceivedAt));
    }

    [Fact]
    public void A_combined_frame_carries_the_same_quote_whatever_the_key_order()
    {
        foreach (var frame in new[] { $$"""{"stream":"bnbusdt@bookTicker","data":{{BookTicker}}}""", $$"""{"data":{{BookTicker}},"stream":"bnbusdt@bookTicker"}""" })
        {
            var (result, batch) = Decode(frame);

            Assert.Equal(FrameOutcome.Decoded, result.Outcome);
            Assert.Equal((25.35190000m, 400900217L), (Assert.Single(batch.Updates.ToArray()).Bid!.Value, batch.Updates[0].SourceSequence!.Value));
        }
    }

    [Fact]
    public void The_symbol_map_names_the_broker_symbol_and_refuses_venue_symbols_it_does_not_list()
    {
        var codec = new BinanceJsonCodec(CodecTestData.Registry(), new BinanceSymbolMap(new Dictionary<string, string> { ["bnbusdt"] = "BTCUSD" }));

        var (_, mapped) = BinanceTestData.Decode(codec, Utf8(BookTicker), FrameKind.Text);
        var (_, unlisted) = BinanceTestData.Decode(codec, Utf8(BookTicker.Replace("BNBUSDT", "BTCUSD", StringComparison.Ordinal)), FrameKind.Text);

        Assert.Equal("BTCUSD", Assert.Single(mapped.Updates.ToArray()).Symbol);
        Assert.Equal(0, unlisted.Count);
        Assert.Equal(ParseErrorCategory.UnknownSymbol, Assert.Single(unlisted.Errors.ToArray()).Category);
    }

    [Fact]
    public void A_trade_is_a_trade_print_with_its_id_and_trade_time_never_a_quote()
    {
        var (result, batch) = Decode("""{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782135,"m":true,"M":true}""");

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(0, batch.Count);
        var trade = Assert.Single(batch.Trades.ToArray());
        Assert.Equal(("BNBBTC", 12345L, "0.001"), (trade.Symbol, trade.TradeId, trade.Price.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1672515782135), trade.SourceTime);
    }

    [Theory]
    [InlineData("""{"result":null,"id":1}""", FeedControl.SubscriptionResult)]
    [InlineData("""{"result":["btcusdt@aggTrade"],"id":3}""", FeedControl.SubscriptionResult)]
    [InlineData("""{"id":2,"result":true}""", FeedControl.SubscriptionResult)]
    [InlineData("""{"code":0,"msg":"Unknown property","id":5}""", FeedControl.SubscriptionError)]
    [InlineData("""{"error":{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"},"id":null}""", FeedControl.SubscriptionError)]
    [InlineData("""{"e":"serverShutdown","E":1770123456789}""", FeedControl.ServerShutdown)]
    [InlineData("""{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}}""", FeedControl.ServerShutdown)]
    public void Control_messages_are_recognised_as_control_not_errors(string json, FeedControl expected)
    {
        var (result, batch) = Decode(json);

        Assert.Equal((FrameOutcome.Ignored, expected, (ParseErrorCategory?)null), (result.Outcome, result.Control, result.Error));
        Assert.Equal((0, 0, 0), (batch.Count, batch.TradeCount, batch.ErrorCount));
    }

    [Theory]
    [InlineData("""{"code":2,"msg":"Invalid request: too many parameters","id":7}""", "code 2: Invalid request: too many parameters (request id 7)")]
    [InlineData("""{"error":{"code":3,"msg":"Invalid JSON: expected value at line 1 column 2"},"id":null}""", "code 3: Invalid JSON: expected value at line 1 column 2 (request id null)")]
    public void A_subscription_error_carries_the_venues_code_and_message(string json, string detail) =>
        Assert.Equal(detail, Decode(json).Result.Detail);

    [Theory]
    [InlineData("""{"e":"depthUpdate","E":1,"s":"BNBUSDT","U":1,"u":2,"b":[["1.0","2.0"]],"a":[]}""")]
    [InlineData("""{"stream":"bnbusdt@kline_1m","data":{"e":"kline","E":1,"s":"BNBUSDT","k":{}}}""")]
    [InlineData("""{"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}""")]
    public void Other_market_data_is_ignored(string json) => Assert.Equal(FrameOutcome.Ignored, Decode(json).Result.Outcome);

    [Theory]
    [InlineData("""{"u":400900217,"s":"BNBUSDT","b":"25.3519""", ParseErrorCategory.MalformedJson)]
    [InlineData("""{"u":1,"s":"BNBUSDT","b":"1","a":"2"} x""", ParseErrorCategory.MalformedJson)]
    [InlineData("""{"u":1,"s":"BNBUSDT","b":"1","a":"2",}""", ParseErrorCategory.MalformedJson)]
    [InlineData("""[{"u":1}]""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"u":"1","s":"BNBUSDT","b":"1","a":"2"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"u":1.5,"s":"BNBUSDT","b":"1","a":"2"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"u":1,"s":7,"b":"1","a":"2"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"u":1,"s":"BNBUSDT","b":"1"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"u":1,"s":"BNBUSDT","b":["1"],"a":"2"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"e":7,"s":"BNBUSDT"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"stream":"bnbusdt@bookTicker","data":"x"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"stream":"bnbusdt@bookTicker"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"hello":"world"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"e":"trade","s":"BNBBTC","t":"x","p":"1"}""", ParseErrorCategory.UnexpectedShape)]
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","T":4102444800000}""", ParseErrorCategory.FutureTimestamp)]
    [InlineData("""{"e":"trade","s":"BNBBTC","t":1,"p":"1","T":0}""", ParseErrorCategory.InvalidTimestamp)]
    [InlineData("", ParseErrorCategory.EmptyFrame)]
    public void A_bad_frame_is_refused_with_its_category_and_lands_nothing(string json, ParseErrorCategory expected)
    {
        var (result, batch) = Decode(json);

        Assert.Equal((FrameOutcome.Failed, expected), (result.Outcome, result.Error));
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Equal((0, 0), (batch.Count, batch.TradeCount));
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("NaN")]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData(" 1.5")]
    public void A_price_that_is_not_a_plain_decimal_costs_its_entry_as_invalid_number(string price)
    {
        var (result, batch) = Decode($$"""{"u":1,"s":"BNBUSDT","b":"{{price}}","a":"2"}""");

        Assert.Equal((FrameOutcome.Decoded, 0), (result.Outcome, batch.Count));
        Assert.Equal(ParseErrorCategory.InvalidNumber, Assert.Single(batch.Errors.ToArray()).Category);
    }

    [Fact]
    public void An_unknown_symbol_is_an_entry_error()
    {
        var (result, batch) = Decode("""{"u":1,"s":"DOGEUSDT","b":"1","a":"2"}""");

        Assert.Equal((FrameOutcome.Decoded, 0), (result.Outcome, batch.Count));
        Assert.Equal(ParseErrorCategory.UnknownSymbol, Assert.Single(batch.Errors.ToArray()).Category);
    }

    [Fact]
    public void Escaped_text_and_long_prices_are_still_exact()
    {
        var (_, batch) = Decode("""{"u":1,"s":"BNB\u0055SDT","b":"\u0032\u0035.35190000","a":"12345678901234567890.123456789"}""");

        var quote = Assert.Single(batch.Updates.ToArray());
        Assert.Equal("BNBUSDT", quote.Symbol);
        Assert.Equal(25.35190000m, quote.Bid);
        Assert.Equal("12345678901234567890.123456789", quote.Ask!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_legacy_trade_with_buyer_and_seller_order_ids_is_not_a_quote()
    {
        // b and a are order ids here, not a bid and an ask.
        var (_, batch) = Decode("""{"e":"trade","E":1554076800945,"s":"BNBBTC","t":40756030,"p":"0.00426990","q":"33.82000000","b":133829535,"a":133829504,"T":1554076800940,"m":false,"M":true}""");

        Assert.Equal((0, 1), (batch.Count, batch.TradeCount));
    }

    [Fact]
    public void A_binary_frame_is_not_for_the_json_codec() =>
        Assert.Equal(FrameOutcome.Ignored, BinanceTestData.Decode(_codec, [1, 2, 3], FrameKind.Binary).Result.Outcome);

    [Fact]
    public void Random_mutations_never_throw_and_a_refused_frame_lands_nothing()
    {
        var random = new Random(16);
        var frames = new[] { Utf8(BookTicker), Utf8($$"""{"stream":"bnbusdt@bookTicker","data":{{BookTicker}}}"""), Utf8("""{"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}""") };
        var batch = new PriceUpdateBatch();
        for (var round = 0; round < 20_000; round++)
        {
            var frame = (byte[])frames[round % frames.Length].Clone();
            frame = round % 5 == 0 ? frame[..random.Next(frame.Length)] : frame;
            for (var flips = round % 5 == 0 ? 0 : random.Next(1, 4); flips > 0; flips--)
            {
                frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(7));
            }

            batch.Clear();
            var result = _codec.Decode(frame, FrameKind.Text, Context, batch);
            if (result.Outcome != FrameOutcome.Decoded)
            {
                Assert.Equal((0, 0), (batch.Count, batch.TradeCount));
            }
        }
    }
}
