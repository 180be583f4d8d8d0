using System.Globalization;
using System.Text.Json;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using static Tickwatch.Feeds.Tests.Codecs.Binance.BinanceTestData;

namespace Tickwatch.Feeds.Tests.Codecs.Binance;

/// <summary>The real captures in Samples/ (provenance in Samples/SOURCES.md) decode to the values they carry, checked against values written out by hand.</summary>
public sealed class BinanceCaptureUnitTests
{
    private readonly BinanceJsonCodec _json = new(Registry());
    private readonly BinanceSbeCodec _sbe = new(Registry());

    private static string Text(decimal? value) => value!.Value.ToString(CultureInfo.InvariantCulture);

    private List<PriceUpdate> Quotes(IEnumerable<string> lines)
    {
        var quotes = new List<PriceUpdate>();
        foreach (var line in lines)
        {
            var (result, batch) = Decode(_json, Utf8(line), FrameKind.Text);
            Assert.True(result.Outcome != FrameOutcome.Failed, $"{result.Error} {result.Detail}: {line}");
            Assert.Equal(0, batch.ErrorCount);
            quotes.AddRange(batch.Updates.ToArray());
        }

        return quotes;
    }

    [Fact]
    public void Every_raw_bookTicker_capture_decodes_to_the_values_written_out_here()
    {
        var quotes = Quotes(Lines("bookTicker.jsonl"));

        Assert.Equal(85, quotes.Count);
        Assert.Equal(("NKNUSDT", 499869768L, "0.35210000", "0.35260000"), (quotes[0].Symbol, quotes[0].SourceSequence!.Value, Text(quotes[0].Bid), Text(quotes[0].Ask)));
        Assert.Equal(("NKNUSDT", 499869769L, "0.35210000", "0.35250000"), (quotes[1].Symbol, quotes[1].SourceSequence!.Value, Text(quotes[1].Bid), Text(quotes[1].Ask)));
        Assert.Equal(("NKNUSDT", 499869951L, "0.35230000", "0.35290000"), (quotes[39].Symbol, quotes[39].SourceSequence!.Value, Text(quotes[39].Bid), Text(quotes[39].Ask)));
        Assert.Equal(("BLZETH", 281916636L, "0.00006547", "0.00006560"), (quotes[43].Symbol, quotes[43].SourceSequence!.Value, Text(quotes[43].Bid), Text(quotes[43].Ask)));
        Assert.Equal(("LRCBTC", 259345558L, "0.00000637", "0.00000638"), (quotes[81].Symbol, quotes[81].SourceSequence!.Value, Text(quotes[81].Bid), Text(quotes[81].Ask)));
        Assert.Equal(("NKNUSDT", 499870151L, "0.35270000", "0.35310000"), (quotes[83].Symbol, quotes[83].SourceSequence!.Value, Text(quotes[83].Bid), Text(quotes[83].Ask)));
        Assert.Equal(("BTCUSDT", 1127645101L, "8010.00000000", "8012.15000000"), (quotes[84].Symbol, quotes[84].SourceSequence!.Value, Text(quotes[84].Bid), Text(quotes[84].Ask)));
        Assert.Equal(74, quotes.Count(q => q.Symbol == "NKNUSDT"));
        Assert.Equal(9, quotes.Count(q => q.Symbol == "LRCBTC"));
    }

    [Fact]
    public void Every_captured_price_is_its_wire_text_exactly()
    {
        // The capture's own strings, read with a JSON library, against the codec's decimals printed back.
        foreach (var line in Lines("bookTicker.jsonl"))
        {
            using var document = JsonDocument.Parse(line);
            var quote = Assert.Single(Decode(_json, Utf8(line), FrameKind.Text).Batch.Updates.ToArray());
            Assert.Equal(document.RootElement.GetProperty("b").GetString(), Text(quote.Bid));
            Assert.Equal(document.RootElement.GetProperty("a").GetString(), Text(quote.Ask));
            Assert.Equal(document.RootElement.GetProperty("u").GetInt64(), quote.SourceSequence);
        }
    }

    [Fact]
    public void The_combined_capture_gives_the_raw_capture_quotes_two_trade_prints_and_ignores_depth_and_klines()
    {
        var lines = Lines("combined_stream.jsonl");
        var outcomes = new Dictionary<FrameOutcome, int>();
        var quotes = new List<PriceUpdate>();
        var trades = new List<TradePrint>();
        foreach (var line in lines)
        {
            var (result, batch) = Decode(_json, Utf8(line), FrameKind.Text);
            outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            quotes.AddRange(batch.Updates.ToArray());
            trades.AddRange(batch.Trades.ToArray());
        }

        Assert.Equal(265, lines.Length);
        Assert.Equal(86, outcomes[FrameOutcome.Decoded]);
        Assert.Equal(179, outcomes[FrameOutcome.Ignored]);
        Assert.False(outcomes.ContainsKey(FrameOutcome.Failed));
        Assert.Equal(
            Quotes(Lines("bookTicker.jsonl").Take(84)).Select(q => (q.Symbol, q.Bid, q.Ask, q.SourceSequence)),
            quotes.Select(q => (q.Symbol, q.Bid, q.Ask, q.SourceSequence)));
        Assert.Equal(
            [("NKNUSDT", "0.35280000", 19862790L, 1633998523963L), ("LRCBTC", "0.00000638", 12368013L, 1633998534486L)],
            trades.Select(t => (t.Symbol, t.Price.ToString(CultureInfo.InvariantCulture), t.TradeId, t.SourceTime!.Value.ToUnixTimeMilliseconds())));
    }

    [Fact]
    public void The_raw_aggTrade_captures_are_trade_prints()
    {
        var trades = Lines("aggTrade.jsonl").SelectMany(l => Decode(_json, Utf8(l), FrameKind.Text).Batch.Trades.ToArray()).ToArray();

        Assert.Equal([("NKNUSDT", 0.35280000m, 19862790L), ("LRCBTC", 0.00000638m, 12368013L)], trades.Select(t => (t.Symbol, t.Price, t.TradeId)));
    }

    [Fact]
    public void The_legacy_2019_trades_with_order_ids_are_trade_prints()
    {
        var trades = Lines("trade_legacy_2019.jsonl").SelectMany(l => Decode(_json, Utf8(l), FrameKind.Text).Batch.Trades.ToArray()).ToArray();

        Assert.Equal(
            [("BNBBTC", "0.00426990", 40756030L, 1554076800940L), ("BNBBTC", "0.00219650", 60276726L, 1567296001034L)],
            trades.Select(t => (t.Symbol, t.Price.ToString(CultureInfo.InvariantCulture), t.TradeId, t.SourceTime!.Value.ToUnixTimeMilliseconds())));
    }

    [Fact]
    public void The_documentation_examples_decode_as_their_kind_says()
    {
        var seen = new List<string>();
        foreach (var line in Lines("docs_examples.jsonl"))
        {
            using var document = JsonDocument.Parse(line);
            var kind = document.RootElement.GetProperty("kind").GetString()!;
            if (kind.EndsWith(".request", StringComparison.Ordinal))
            {
                // What a client sends; it never arrives at one.
                continue;
            }

            var (result, batch) = Decode(_json, Utf8(document.RootElement.GetProperty("frame").GetRawText()), FrameKind.Text);
            var expected = kind switch
            {
                "bookTicker.raw" => "quote BNBUSDT 25.35190000/25.36520000 #400900217",
                "trade.raw" => "trade BNBBTC 0.001 #12345",
                "aggTrade.raw" => "trade BNBBTC 0.001 #105",
                "serverShutdown.raw" or "serverShutdown.combined" or "sbe.serverShutdown.text" => "ServerShutdown",
                _ when kind.StartsWith("control.", StringComparison.Ordinal) => "SubscriptionResult",
                _ => throw new InvalidOperationException($"A documentation example of an unexpected kind: {kind}"),
            };
            var actual = result.Control is { } control ? control.ToString()
                : batch.Count == 1 ? $"quote {batch.Updates[0].Symbol} {Text(batch.Updates[0].Bid)}/{Text(batch.Updates[0].Ask)} #{batch.Updates[0].SourceSequence}"
                : batch.TradeCount == 1 ? $"trade {batch.Trades[0].Symbol} {batch.Trades[0].Price.ToString(CultureInfo.InvariantCulture)} #{batch.Trades[0].TradeId}"
                : $"{result.Outcome} {result.Error}";
            Assert.Equal(expected, actual);
            seen.Add(kind);
        }

        Assert.Equal(11, seen.Count);
    }

    [Fact]
    public void The_sbe_fragments_are_refused_as_cut_short_or_ignored_as_depth_never_a_crash()
    {
        var fragments = Lines("sbe_fragments.jsonl").Select(l => Hex(JsonDocument.Parse(l).RootElement.GetProperty("hex").GetString()!)).ToArray();

        Assert.Equal((FrameOutcome.Failed, ParseErrorCategory.MalformedSbe), Outcome(fragments[0]));

        // The trades fragment is its root block alone (the source left the header out): as a frame, its first bytes are no header of ours.
        Assert.Equal(FrameOutcome.Failed, Outcome(fragments[1]).Outcome);
        Assert.Equal((FrameOutcome.Ignored, (ParseErrorCategory?)null), Outcome(fragments[2]));

        (FrameOutcome Outcome, ParseErrorCategory? Error) Outcome(byte[] frame)
        {
            var (result, batch) = Decode(_sbe, frame, FrameKind.Binary);
            Assert.Equal((0, 0), (batch.Count, batch.TradeCount));
            return (result.Outcome, result.Error);
        }
    }

    [Fact]
    public void The_real_best_bid_ask_prefix_completed_decodes_to_its_captured_header_and_root_fields()
    {
        var prefix = Hex(JsonDocument.Parse(Lines("sbe_fragments.jsonl")[0]).RootElement.GetProperty("hex").GetString()!);

        // The captured 32 bytes, then a bid whose last 2 bytes, the quantities, the ask and the symbol are ours.
        var frame = SbeFrames.BestBidAsk(0, 0, 0, 0, 0, 1, 0, 1, "BTCUSDT");
        prefix.CopyTo(frame, 0);
        BitConverter.GetBytes(8987979000000L).CopyTo(frame, 42);

        var (result, batch) = Decode(_sbe, frame, FrameKind.Binary);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var quote = Assert.Single(batch.Updates.ToArray());
        Assert.Equal(77453571531, quote.SourceSequence);
        Assert.Equal(new DateTimeOffset(2025, 10, 6, 8, 2, 46, TimeSpan.Zero).AddTicks(6158220), quote.SourceTime);
        // 6 of the bid's 8 bytes were captured; the 2 high bytes left are zero for any price below 2^48 × 10^-8.
        Assert.Equal("123467.39000000", Text(quote.Bid));
    }

    [Fact]
    public void The_real_trades_root_block_with_a_header_and_one_trade_decodes_to_its_captured_times()
    {
        var root = Hex(JsonDocument.Parse(Lines("sbe_fragments.jsonl")[1]).RootElement.GetProperty("hex").GetString()!);

        // The documented header, the captured root block and group header, then one trade and a symbol of ours.
        var frame = SbeFrames.Trades(0, 0, 0, 0, "BTCUSDT", (7, 12345678900000, 1000, 0));
        root.CopyTo(frame, 8);

        var (result, batch) = Decode(_sbe, frame, FrameKind.Binary);

        Assert.Equal(FrameOutcome.Decoded, result.Outcome);
        var trade = Assert.Single(batch.Trades.ToArray());
        Assert.Equal(PriceVersion.FromUnixMicros(1759737767354588), trade.SourceTime);
        Assert.Equal("123456.78900000", trade.Price.ToString(CultureInfo.InvariantCulture));
    }
}
