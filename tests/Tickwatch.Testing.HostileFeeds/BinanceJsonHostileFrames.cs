using System.Buffers;
using System.Globalization;
using System.Text;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using static Tickwatch.Feeds.Codecs.ParseErrorCategory;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>The Binance JSON feed's valid, mutated and malicious text frames: raw and combined bookTickers and trades as the quote hub writes them, then broken.</summary>
public sealed class BinanceJsonHostileFrames(int seed, SymbolRegistry registry, TimeProvider time, TimeSpan maxClockSkew, int maxFrameBytes)
    : HostileFrameSource(FeedProtocol.BinanceJson, seed, registry, time, maxClockSkew, maxFrameBytes)
{
    protected override int PricesPerFrame => 1;

    private IBinanceFrameEncoder Binance => (IBinanceFrameEncoder)Encoder;

    protected override IEnumerable<(string Kind, int Weight, Func<HostileFrame> Make)> Kinds()
    {
        yield return ("valid", 330, () => ValidFrame([One()]));
        yield return ("valid_combined", 100, () => Text("valid_combined", Quote(One(), combined: true), FrameExpectation.Decoded(1)));
        yield return ("trade", 60, () => Text("trade", Trade(combined: Random.Next(2) == 0), FrameExpectation.Decoded(0)));
        yield return ("bit_flip", 120, () => new HostileFrame("bit_flip", FlipBits(Quote(One(), combined: Random.Next(2) == 0), bits: 7), false, null));
        yield return ("truncated", 60, Truncated);
        yield return ("malformed", 50, () => Text("malformed", Pick("{", "[", "not json", "{\"u\":1,", "{\"u\":1 \"s\":\"EURUSD\"}", "#" + new string('x', Random.Next(1, 200))), FrameExpectation.Failed(MalformedJson)));
        yield return ("unknown_symbol", 30, () => Text("unknown_symbol", Raw(NextSequence().ToString(CultureInfo.InvariantCulture), Pick("ZZZZZZ", "eurusd", "EUR/USD", ""), "\"1.1\"", "\"1.2\""), null));
        yield return ("bad_number", 50, () => Text("bad_number", Raw(NextSequence().ToString(CultureInfo.InvariantCulture), Walk.AnySymbol(), Pick("\"abc\"", "\"1e5\"", "\"NaN\"", "\"\"", "\"1.2.3\"", "\"99999999999999999999999999999999\""), "\"1.2\""), null));
        yield return ("wrong_shape", 40, () => Text("wrong_shape", Pick(
            "{\"u\":\"12\",\"s\":\"EURUSD\",\"b\":\"1.1\",\"a\":\"1.2\"}",
            "{\"u\":1,\"s\":7,\"b\":\"1.1\",\"a\":\"1.2\"}",
            "{\"stream\":\"eurusd@bookTicker\"}",
            "[1,2,3]",
            "{\"u\":1,\"s\":\"EURUSD\"}"), null));
        yield return ("crossed", 30, Crossed);
        yield return ("other_event", 20, () => Text("other_event", Pick(
            "{\"e\":\"kline\",\"E\":1,\"s\":\"EURUSD\",\"k\":{}}",
            "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"EURUSD\",\"U\":1,\"u\":2,\"b\":[],\"a\":[]}",
            "{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}"), null));
        yield return ("future_trade_time", 20, FutureTrade);
        yield return ("empty", 10, () => Text("empty", "", FrameExpectation.Failed(EmptyFrame)));
        yield return ("oversized", 3, () => Text("oversized", "{\"u\":1,\"s\":\"" + new string('A', MaxFrameBytes) + "\"}", FrameExpectation.Failed(OversizedFrame)));
        yield return ("binary_frame", 10, () => new HostileFrame("binary_frame", Quote(One(), combined: false), true, null));
    }

    private static HostileFrame Text(string kind, byte[] payload, FrameExpectation? expected) => new(kind, payload, false, expected);

    private static HostileFrame Text(string kind, string json, FrameExpectation? expected) => Text(kind, Encoding.UTF8.GetBytes(json), expected);

    private static string Raw(string u, string symbol, string bid, string ask) => "{\"u\":" + u + ",\"s\":\"" + symbol + "\",\"b\":" + bid + ",\"B\":\"1\",\"a\":" + ask + ",\"A\":\"1\"}";

    private T Pick<T>(params T[] choices) => choices[Random.Next(choices.Length)];

    private WirePrice One() => Walk.Next(Walk.AnySymbol());

    private byte[] Quote(WirePrice price, bool combined)
    {
        var output = new ArrayBufferWriter<byte>(256);
        var quote = new BinanceBookTicker(price.Symbol, NextSequence(), price.Bid!.Value, 1m, price.Ask!.Value, 1m, Now);
        Binance.EncodeBookTicker(quote, combined ? price.Symbol.ToLowerInvariant() + "@bookTicker" : null, output);
        return output.WrittenSpan.ToArray();
    }

    private byte[] Trade(bool combined, DateTimeOffset? at = null)
    {
        var price = One();
        var output = new ArrayBufferWriter<byte>(256);
        var trade = new BinanceTrade(price.Symbol, NextSequence(), price.Bid!.Value, 0.5m, Random.Next(2) == 0, at ?? Now, at ?? Now);
        Binance.EncodeTrade(trade, combined ? price.Symbol.ToLowerInvariant() + "@trade" : null, output);
        return output.WrittenSpan.ToArray();
    }

    private DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(NowMilliseconds);

    private HostileFrame Truncated()
    {
        var valid = Quote(One(), combined: Random.Next(2) == 0);
        return Text("truncated", valid[..Random.Next(1, valid.Length)], FrameExpectation.Failed(MalformedJson));
    }

    private HostileFrame Crossed()
    {
        var price = One();
        return Text("crossed", Quote(price with { Bid = price.Ask, Ask = price.Bid }, combined: false), FrameExpectation.Decoded(1));
    }

    private HostileFrame FutureTrade() =>
        Text("future_trade_time", Trade(combined: false, Now + MaxClockSkew + TimeSpan.FromMilliseconds(Random.NextInt64(1, 86_400_000))), null);
}
