using System.Globalization;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using static Tickwatch.Feeds.Tests.Codecs.CodecTestData;

namespace Tickwatch.Feeds.Tests.Codecs;

public sealed class JsonMarketUpdateCodecUnitTests
{
    private readonly Tickwatch.Core.Symbols.SymbolRegistry _registry = Registry();
    private readonly JsonMarketUpdateCodec _codec;

    public JsonMarketUpdateCodecUnitTests() => _codec = new JsonMarketUpdateCodec(_registry);

    private (FrameDecodeResult Result, PriceUpdateBatch Batch) Decode(string json) => CodecTestData.Decode(_codec, Utf8(json), FrameKind.Text);

    /// <summary>A market_update frame around the given <c>market_prices</c> members.</summary>
    private static string Update(string members) => """{"type":"market_update","data":{"market_prices":{""" + members + "}}}";

    private static PriceUpdate Single(PriceUpdateBatch batch, string symbol) => Assert.Single(batch.Updates.ToArray(), u => u.Symbol == symbol);

    [Fact]
    public void Full_update_maps_buy_to_ask_and_sell_to_bid_with_context_fields()
    {
        var (result, batch) = Decode("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852,"sell":1.0850},"USDJPY":{"buy":151.43,"sell":151.42}}}}""");

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(2, batch.Count);
        Assert.Equal(0, batch.ErrorCount);
        var eur = Single(batch, "EURUSD");
        Assert.Equal(1.0852m, eur.Ask);
        Assert.Equal(1.0850m, eur.Bid);
        Assert.Equal("test-feed", eur.Feed);
        Assert.Equal(7, eur.FeedSession);
        Assert.Equal(ReceivedAt, eur.ReceivedAt);
        Assert.Null(eur.SourceSequence);
        Assert.Null(eur.SourceTime);
        Assert.Equal(151.42m, Single(batch, "USDJPY").Bid);
    }

    [Fact]
    public void Symbol_is_the_interned_registry_string()
    {
        var (_, batch) = Decode("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852,"sell":1.0850}}}}""");

        Assert.True(_registry.TryGet("EURUSD", out var settings));
        Assert.Same(settings.Symbol, batch.Updates[0].Symbol);
    }

    [Fact]
    public void Numbers_are_taken_exactly_from_the_text()
    {
        var (_, batch) = Decode("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852,"sell":"1.08500"},"BTCUSD":{"buy":67842.15,"sell":0.1}}}}""");

        Assert.Equal("1.0852", Single(batch, "EURUSD").Ask!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("1.08500", Single(batch, "EURUSD").Bid!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("67842.15", Single(batch, "BTCUSD").Ask!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("0.1", Single(batch, "BTCUSD").Bid!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("""{"buy":1.0852}""", null, "1.0852")]
    [InlineData("""{"sell":1.0850}""", "1.0850", null)]
    [InlineData("""{"buy":null,"sell":1.0850}""", "1.0850", null)]
    [InlineData("""{"buy":"1.0852","sell":null}""", null, "1.0852")]
    [InlineData("""{"buy":" 1.0852 ","sell":"-2.5e-1"}""", "-0.25", "1.0852")]
    [InlineData("""{"buy":"1.08\u0035\u0032","sell":1.085E0}""", "1.085", "1.0852")]
    [InlineData("""{"buy":0,"sell":-1.5}""", "-1.5", "0")]
    public void Partial_and_string_sides_decode_and_missing_sides_stay_null(string price, string? bid, string? ask)
    {
        var (result, batch) = Decode(Update($"\"EURUSD\":{price}"));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var update = Assert.Single(batch.Updates.ToArray());
        Assert.Equal(bid is null ? null : decimal.Parse(bid, CultureInfo.InvariantCulture), update.Bid);
        Assert.Equal(ask is null ? null : decimal.Parse(ask, CultureInfo.InvariantCulture), update.Ask);
    }

    [Theory]
    [InlineData("""{"seq":42,"ts":1714564800123,"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852}}},"seq":42,"ts":1714564800123}""")]
    [InlineData("""{"data":{"market_prices":{"EURUSD":{"buy":1.0852}}},"ts":1714564800123,"type":"market_update","seq":42}""")]
    [InlineData("""{"ts":1714564800123,"data":{"market_prices":{"EURUSD":{"buy":1.0852}}},"seq":42}""")]
    public void Sequence_and_source_time_are_read_before_or_after_data(string json)
    {
        var (result, batch) = Decode(json);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var update = Assert.Single(batch.Updates.ToArray());
        Assert.Equal(42, update.SourceSequence);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1714564800123), update.SourceTime);
    }

    [Fact]
    public void Unknown_fields_and_spread_are_skipped_at_every_level()
    {
        var (result, batch) = Decode("""
            {"version":[1,{"a":2}],"type":"market_update","meta":{"x":{"y":[null,true]}},
             "data":{"source":"hub","market_prices":{"EURUSD":{"spread":0.0002,"extra":{"k":[1,2]},"buy":1.0852,"flags":[true],"sell":1.0850}},"more":[{}]},
             "trailer":"done"}
            """);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var update = Assert.Single(batch.Updates.ToArray());
        Assert.Equal((1.0850m, 1.0852m), (update.Bid, update.Ask));
    }

    [Fact]
    public void Escaped_symbol_names_resolve()
    {
        var (_, batch) = Decode("""{"type":"market_update","data":{"market_prices":{"EUR\u0055SD":{"buy":1.0852,"sell":1.085}}}}""");

        Assert.Equal("EURUSD", Assert.Single(batch.Updates.ToArray()).Symbol);
    }

    [Theory]
    [InlineData("""{"type":"heartbeat"}""")]
    [InlineData("""{"type":"heartbeat","data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}""")]
    [InlineData("""{"data":{"market_prices":{"EURUSD":{"buy":"x"},"NOPE":{"buy":1}}},"type":"status"}""")]
    [InlineData("""{"data":{"market_prices":[1,2]},"type":"status"}""")]
    [InlineData("""{"type":"subscribed","data":[]}""")]
    [InlineData("""{"ok":true}""")]
    public void Other_message_types_are_ignored_and_land_nothing(string json)
    {
        var (result, batch) = Decode(json);

        Assert.Equal(FrameOutcome.Ignored, result.Outcome);
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.ErrorCount);
    }

    [Fact]
    public void A_binary_frame_is_ignored()
    {
        var result = _codec.Decode(Utf8("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}"""), FrameKind.Binary, Context, new PriceUpdateBatch());

        Assert.Equal(FrameOutcome.Ignored, result.Outcome);
    }

    [Fact]
    public void An_empty_frame_fails_as_empty()
    {
        var (result, _) = Decode("");

        Assert.Equal(FrameOutcome.Failed, result.Outcome);
        Assert.Equal(ParseErrorCategory.EmptyFrame, result.Error);
    }

    [Fact]
    public void Every_prefix_of_a_valid_frame_fails_cleanly_as_malformed()
    {
        var frame = Utf8("""{"type":"market_update","seq":5,"data":{"market_prices":{"EURUSD":{"buy":1.0852,"sell":"1.0850"},"GBPUSD":{"buy":1.2675}}}}""");

        for (var length = 1; length < frame.Length; length++)
        {
            var (result, batch) = CodecTestData.Decode(_codec, frame[..length], FrameKind.Text);
            Assert.Equal(FrameOutcome.Failed, result.Outcome);
            Assert.Equal(ParseErrorCategory.MalformedJson, result.Error);
            Assert.Equal(0, batch.Count);
        }
    }

    [Theory]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852}}}} x""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}{}""")]
    [InlineData("""{"type":"market_update",}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":NaN}}}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":NaNs}}}}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":nan}}}}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":+Infinity}}}}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{NaN:1}}}}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":NaN}}}} x""")]
    [InlineData("""{'type':'market_update'}""")]
    [InlineData("""   """)]
    [InlineData("""{"type":"market_update","data":[],"x":""")]
    [InlineData("""{"data":{"market_prices":[]},""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1}}}}]""")]
    [InlineData("""[1,2""")]
    public void Invalid_json_fails_as_malformed(string json)
    {
        var (result, batch) = Decode(json);

        Assert.Equal(FrameOutcome.Failed, result.Outcome);
        Assert.Equal(ParseErrorCategory.MalformedJson, result.Error);
        Assert.Equal(0, batch.Count);
    }

    [Theory]
    [InlineData("""{"type":"market_update","data":{"market_prices":[{"EURUSD":{"buy":1.0852}}]}}""")]
    [InlineData("""{"type":"market_update","data":[]}""")]
    [InlineData("""{"type":"market_update","data":"prices"}""")]
    [InlineData("""{"type":"market_update"}""")]
    [InlineData("""{"type":"market_update","data":null}""")]
    [InlineData("""{"type":"market_update","data":{}}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"GBPUSD":{"buy":1.2675},"EURUSD":1.0852}}}""")]
    [InlineData("""{"type":"market_update","data":{"market_prices":{"GBPUSD":{"buy":1.2675},"EURUSD":[1.0852]}}}""")]
    [InlineData("""{"type":7,"data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}""")]
    [InlineData("""{"type":"market_update","seq":"5","data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}""")]
    [InlineData("""{"type":"market_update","seq":1.5,"data":{"market_prices":{"EURUSD":{"buy":1.0852}}}}""")]
    [InlineData("""{"data":{"market_prices":{"GBPUSD":{"buy":1.2675}}},"type":"market_update","ts":[1]}""")]
    [InlineData("""["market_update"]""")]
    [InlineData("""42""")]
    public void Wrong_shapes_fail_the_whole_frame(string json)
    {
        var (result, batch) = Decode(json);

        Assert.Equal(FrameOutcome.Failed, result.Outcome);
        Assert.Equal(ParseErrorCategory.UnexpectedShape, result.Error);
        Assert.Equal(0, batch.Count);
        Assert.False(string.IsNullOrEmpty(result.Detail));
    }

    [Theory]
    [InlineData("""{"buy":"abc","sell":1.0850}""", ParseErrorCategory.InvalidNumber)]
    [InlineData("""{"buy":"","sell":1.0850}""", ParseErrorCategory.InvalidNumber)]
    [InlineData("""{"buy":"1,0852"}""", ParseErrorCategory.InvalidNumber)]
    [InlineData("""{"buy":true}""", ParseErrorCategory.InvalidNumber)]
    [InlineData("""{"buy":{"v":1.0852},"sell":1.0850}""", ParseErrorCategory.InvalidNumber)]
    [InlineData("""{"buy":[1.0852]}""", ParseErrorCategory.InvalidNumber)]
    [InlineData("""{"buy":1e400}""", ParseErrorCategory.InvalidNumber)]
    [InlineData("""{"buy":"NaN","sell":1.0850}""", ParseErrorCategory.NonFiniteNumber)]
    [InlineData("""{"buy":"Infinity"}""", ParseErrorCategory.NonFiniteNumber)]
    [InlineData("""{"sell":"-Infinity"}""", ParseErrorCategory.NonFiniteNumber)]
    [InlineData("""{"sell":"nan","buy":1.0852}""", ParseErrorCategory.NonFiniteNumber)]
    [InlineData("""{"buy":NaN,"sell":1.0850}""", ParseErrorCategory.NonFiniteNumber)]
    [InlineData("""{"buy": Infinity}""", ParseErrorCategory.NonFiniteNumber)]
    [InlineData("""{"sell":-Infinity , "buy":1.0852}""", ParseErrorCategory.NonFiniteNumber)]
    [InlineData("""{"buy":1.0852,"sell":NaN}""", ParseErrorCategory.NonFiniteNumber)]
    [InlineData("""{}""", ParseErrorCategory.EmptyPrice)]
    [InlineData("""{"spread":0.0002}""", ParseErrorCategory.EmptyPrice)]
    [InlineData("""{"buy":null,"sell":null}""", ParseErrorCategory.EmptyPrice)]
    [InlineData("""null""", ParseErrorCategory.EmptyPrice)]
    public void A_bad_entry_is_skipped_alone_with_its_error(string price, ParseErrorCategory expected)
    {
        var (result, batch) = Decode(Update("\"GBPUSD\":{\"buy\":1.2675,\"sell\":1.2674},\"EURUSD\":" + price + ",\"USDJPY\":{\"sell\":151.42}"));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(["GBPUSD", "USDJPY"], batch.Updates.ToArray().Select(u => u.Symbol));
        var error = Assert.Single(batch.Errors.ToArray());
        Assert.Equal(expected, error.Category);
        Assert.False(string.IsNullOrEmpty(error.Detail));
    }

    [Fact]
    public void Bare_non_finite_literals_as_python_writes_them_cost_only_their_entries()
    {
        // json.dumps({"EURUSD": {"buy": float("nan"), ...}}) writes NaN, Infinity and -Infinity unquoted.
        var (result, batch) = Decode(
            """{"type":"market_update","seq":9,"data":{"market_prices":{"EURUSD":{"buy":NaN,"sell":NaN},"GBPUSD":{"buy":1.2675,"sell":1.2674,"spread":NaN},"USDJPY":{"buy":Infinity,"sell":-Infinity},"AUDUSD":{"buy":"NaN"}}},"note":"a:NaN,","ts":1714000000000}""");

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var gbp = Assert.Single(batch.Updates.ToArray());
        Assert.Equal(("GBPUSD", 1.2675m, 1.2674m, 9L), (gbp.Symbol, gbp.Ask, gbp.Bid, gbp.SourceSequence));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1714000000000), gbp.SourceTime);
        Assert.Equal(3, batch.ErrorCount);
        Assert.All(batch.Errors.ToArray(), e => Assert.Equal((ParseErrorCategory.NonFiniteNumber, "price is NaN or infinite"), (e.Category, e.Detail)));
    }

    [Fact]
    public void A_frame_after_one_with_a_bare_nan_decodes_on_its_own()
    {
        Decode(Update(""" "EURUSD":{"buy":NaN},"GBPUSD":{"buy":1.2675}"""));

        var (result, batch) = Decode(Update(""" "USDJPY":{"buy":151.43,"sell":151.42}"""));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal("USDJPY", Assert.Single(batch.Updates.ToArray()).Symbol);
        Assert.Equal(0, batch.ErrorCount);
    }

    [Theory]
    [InlineData("NOPE")]
    [InlineData("eurusd")]
    [InlineData("")]
    [InlineData("A_SYMBOL_NAME_FAR_LONGER_THAN_ANY_REAL_ONE_IS")]
    [InlineData("EUR\\u00dcSD")]
    public void Unknown_symbols_are_entry_errors(string symbol)
    {
        var (result, batch) = Decode(Update("\"" + symbol + "\":{\"buy\":1.0,\"sell\":0.9},\"EURUSD\":{\"buy\":1.0852}"));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal("EURUSD", Assert.Single(batch.Updates.ToArray()).Symbol);
        Assert.Equal(ParseErrorCategory.UnknownSymbol, Assert.Single(batch.Errors.ToArray()).Category);
    }

    [Fact]
    public void A_registry_that_accepts_unlisted_symbols_learns_them()
    {
        var registry = new Tickwatch.Core.Symbols.SymbolRegistry([], Settings, acceptUnlisted: true);
        var codec = new JsonMarketUpdateCodec(registry);

        var (result, batch) = CodecTestData.Decode(codec, Utf8("""{"type":"market_update","data":{"market_prices":{"NEWCOIN":{"buy":2,"sell":1}}}}"""), FrameKind.Text);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.True(registry.TryGet("NEWCOIN", out var settings));
        Assert.Same(settings.Symbol, batch.Updates[0].Symbol);
    }

    [Fact]
    public void Duplicate_symbols_in_one_frame_give_one_update_each_in_order()
    {
        var (_, batch) = Decode("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852},"EURUSD":{"buy":1.0853}}}}""");

        Assert.Equal([1.0852m, 1.0853m], batch.Updates.ToArray().Select(u => u.Ask!.Value));
    }

    [Fact]
    public void The_codec_is_reusable_and_a_bad_frame_does_not_leak_into_the_next()
    {
        var batch = new PriceUpdateBatch();
        var bad = _codec.Decode(Utf8("""{"type":"market_update","data":{"market_prices":{"EURUSD":{"buy":1.0852},"GBPUSD":[]}}}"""), FrameKind.Text, Context, batch);
        Assert.Equal(FrameOutcome.Failed, bad.Outcome);
        Assert.Equal(0, batch.Count);

        batch.Clear();
        var good = _codec.Decode(Utf8("""{"type":"market_update","data":{"market_prices":{"USDJPY":{"sell":151.42}}}}"""), FrameKind.Text, Context, batch);
        Assert.Equal(FrameOutcome.Decoded, good.Outcome);
        Assert.Equal("USDJPY", Assert.Single(batch.Updates.ToArray()).Symbol);
    }

    [Fact]
    public void A_large_frame_with_every_standard_instrument_decodes_completely()
    {
        var body = string.Join(",", Tickwatch.Core.Symbols.StandardInstruments.All.Select(i =>
            FormattableString.Invariant($$"""
                "{{i.Symbol}}":{"buy":{{i.ReferencePrice + i.TypicalSpread}},"sell":"{{i.ReferencePrice}}"}
                """)));
        var (result, batch) = Decode(Update(body));

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        Assert.Equal(Tickwatch.Core.Symbols.StandardInstruments.All.Count, batch.Count);
        Assert.All(Tickwatch.Core.Symbols.StandardInstruments.All, i => Assert.Equal(i.ReferencePrice, Single(batch, i.Symbol).Bid));
    }
}
