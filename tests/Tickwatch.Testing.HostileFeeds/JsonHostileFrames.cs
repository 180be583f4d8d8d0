using System.Globalization;
using System.Text;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using static Tickwatch.Feeds.Codecs.ParseErrorCategory;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>The JSON feed's valid, mutated and malicious text frames.</summary>
public sealed class JsonHostileFrames(int seed, SymbolRegistry registry, TimeProvider time, TimeSpan maxClockSkew, int maxFrameBytes)
    : HostileFrameSource(FeedProtocol.Json, seed, registry, time, maxClockSkew, maxFrameBytes)
{
    private static readonly byte[] NotUtf8 = [0xFF, 0xFE, 0xC0, 0x80, 0xF5];

    protected override IEnumerable<(string Kind, int Weight, Func<HostileFrame> Make)> Kinds()
    {
        yield return ("valid", 330, () => ValidFrame(Walk.NextMany(Random.Next(1, 5))));
        yield return ("heartbeat", 10, () => ValidFrame([], "heartbeat"));
        yield return ("bit_flip", 120, () => new HostileFrame("bit_flip", FlipBits(ValidPayload(), bits: 7), false, null));
        yield return ("truncated", 60, Truncated);
        yield return ("invalid_utf8", 2, InvalidUtf8);
        yield return ("deep_nesting", 20, DeepNesting);
        yield return ("huge_symbol", 15, HugeSymbol);
        yield return ("unknown_symbol", 30, UnknownSymbol);
        yield return ("non_finite", 50, NonFinite);
        yield return ("bad_number", 50, BadNumber);
        yield return ("negative_or_zero", 30, NegativeOrZero);
        yield return ("crossed", 30, Crossed);
        yield return ("huge_number", 30, HugeNumber);
        yield return ("duplicate_keys", 40, DuplicateKeys);
        yield return ("future_time", 40, FutureTime);
        yield return ("invalid_time", 40, InvalidTime);
        yield return ("oversized", 3, Oversized);
        yield return ("empty", 10, () => Text("empty", "", FrameExpectation.Failed(EmptyFrame)));
        yield return ("wrong_shape", 40, WrongShape);
        yield return ("other_type", 20, OtherType);
        yield return ("binary_frame", 10, BinaryFrame);
        yield return ("malformed", 50, Malformed);
    }

    private static string Num(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    private static string Entry(WirePrice price) =>
        "\"" + price.Symbol + "\":{" + string.Join(',', new[] { price.Ask is { } a ? "\"buy\":" + Num(a) : null, price.Bid is { } b ? "\"sell\":" + Num(b) : null }.OfType<string>()) + "}";

    private static string Entry(string rawName, string buy, string sell) => "\"" + rawName + "\":{\"buy\":" + buy + ",\"sell\":" + sell + "}";

    private static string Frame(string head, params string[] entries) => "{" + head + ",\"data\":{\"market_prices\":{" + string.Join(',', entries) + "}}}";

    private static HostileFrame Text(string kind, string json, FrameExpectation? expected) => new(kind, Encoding.UTF8.GetBytes(json), false, expected);

    private string Head(string? ts = null) =>
        "\"type\":\"market_update\",\"seq\":" + NextSequence().ToString(CultureInfo.InvariantCulture) + ",\"ts\":" + (ts ?? NowMilliseconds.ToString(CultureInfo.InvariantCulture));

    private T Pick<T>(params T[] choices) => choices[Random.Next(choices.Length)];

    private WirePrice One() => Walk.Next(Walk.AnySymbol());

    private string ValidEntry() => Entry(One());

    private byte[] ValidPayload() => ValidFrame(Walk.NextMany(Random.Next(1, 5))).Payload;

    private HostileFrame Truncated()
    {
        var valid = ValidPayload();
        return new HostileFrame("truncated", valid[..Random.Next(1, valid.Length)], false, FrameExpectation.Failed(MalformedJson));
    }

    // The WebSocket protocol itself forbids a text message that is not UTF-8: the client fails the connection (1007).
    private HostileFrame InvalidUtf8()
    {
        var payload = ValidPayload();
        payload[Random.Next(payload.Length)] = Pick(NotUtf8);
        return new HostileFrame("invalid_utf8", payload, false, FrameExpectation.DropsConnection);
    }

    private HostileFrame DeepNesting()
    {
        var depth = Random.Next(4) == 0 ? 10_000 : Random.Next(65, 3_000);
        var json = Random.Next(3) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => Frame(Head(), ValidEntry(), "\"" + Walk.AnySymbol() + "\":{\"buy\":1.1,\"x\":" + new string('[', depth) + new string(']', depth) + "}"),
            _ => "{" + Head() + ",\"extra\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
                + ",\"data\":{\"market_prices\":{" + ValidEntry() + "}}}",
        };
        return Text("deep_nesting", json, FrameExpectation.Failed(MalformedJson));
    }

    private HostileFrame HugeSymbol()
    {
        var length = Random.Next(10) == 0 ? MaxFrameBytes + Random.Next(1, 1_000) : Random.Next(SymbolRegistry.MaxSymbolLength + 1, 65_536);
        var name = Random.Next(4) == 0
            ? string.Concat(Enumerable.Repeat("\\u0041", Math.Max(1, length / 6)))
            : string.Create(length, Random, static (chars, random) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)('A' + random.Next(26));
                }
            });
        var frame = Text("huge_symbol", Frame(Head(), ValidEntry(), Entry(name, "1.1", "1.0")), null);
        return frame with
        {
            Expected = frame.Payload.Length > MaxFrameBytes ? FrameExpectation.Failed(OversizedFrame) : FrameExpectation.Decoded(1, ParseErrorCategory.UnknownSymbol),
        };
    }

    private HostileFrame UnknownSymbol()
    {
        var name = Pick("ZZZZZZ", "eurusd", "EUR/USD", "", "EURUSD ", " EURUSD", "EURUSDX", "EUR\\u0000USD", "€URUSD", "\\u20acURUSD", "EUR\\\"USD");
        return Text("unknown_symbol", Frame(Head(), ValidEntry(), Entry(name, "1.1", "1.0")), FrameExpectation.Decoded(1, ParseErrorCategory.UnknownSymbol));
    }

    private HostileFrame NonFinite()
    {
        var bad = Pick("NaN", "Infinity", "-Infinity", "\"NaN\"", "\"nan\"", "\"Infinity\"", "\"-inf\"", "\"+Inf\"", "\" NaN \"");
        var price = One();
        var entry = Random.Next(2) == 0 ? Entry(price.Symbol, bad, Num(price.Bid)) : Entry(price.Symbol, Num(price.Ask), bad);
        return Text("non_finite", Frame(Head(), ValidEntry(), entry), FrameExpectation.Decoded(1, NonFiniteNumber));
    }

    private HostileFrame BadNumber()
    {
        var bad = Pick("\"1e400\"", "1e400", "\"abc\"", "true", "false", "[]", "{}", "[1.1]", "\"0x1F\"", "\"\"", "\"1,5\"", "8e28", "\"-8e28\"", "\"1.1.1\"");
        var price = One();
        var entry = Random.Next(2) == 0 ? Entry(price.Symbol, bad, Num(price.Bid)) : Entry(price.Symbol, Num(price.Ask), bad);
        return Text("bad_number", Frame(Head(), ValidEntry(), entry), FrameExpectation.Decoded(1, InvalidNumber));
    }

    // Valid numbers the book refuses (non_positive): decoded, so no parse error.
    private HostileFrame NegativeOrZero()
    {
        var price = One();
        var (buy, sell) = Random.Next(5) switch
        {
            0 => (Num(-price.Ask), Num(-price.Bid)),
            1 => ("0", "0"),
            2 => ("\"0\"", "\"0.00\""),
            3 => (Num(price.Ask), "-0.0"),
            _ => ("\"-" + Num(price.Ask) + "\"", Num(price.Bid)),
        };
        return Text("negative_or_zero", Frame(Head(), ValidEntry(), Entry(price.Symbol, buy, sell)), FrameExpectation.Decoded(2));
    }

    // Bid above ask: decoded, refused by the book (crossed).
    private HostileFrame Crossed()
    {
        var price = One();
        return Text("crossed", Frame(Head(), ValidEntry(), Entry(price.Symbol, Num(price.Bid), Num(price.Ask))), FrameExpectation.Decoded(2));
    }

    // Decimals that fit, far from any price: decoded, refused by the book's jump guard.
    private HostileFrame HugeNumber()
    {
        var (buy, sell) = Pick(("1e20", "1e20"), ("79228162514264337593543950335", "79228162514264337593543950334"), ("\"1e27\"", "\"9.99e26\""), ("123456789012345678901234567.8", "1.2e26"));
        return Text("huge_number", Frame(Head(), ValidEntry(), Entry(Walk.AnySymbol(), buy, sell)), FrameExpectation.Decoded(2));
    }

    private HostileFrame DuplicateKeys()
    {
        var symbol = Walk.AnySymbol();
        switch (Random.Next(7))
        {
            case 0:
                return Text("duplicate_keys", Frame(Head(), Entry(Walk.Next(symbol)), Entry(Walk.Next(symbol))), FrameExpectation.Decoded(2));
            case 1:
                var price = Walk.Next(symbol);
                var entry = "\"" + symbol + "\":{\"buy\":" + Num(price.Ask + 1) + ",\"buy\":" + Num(price.Ask) + ",\"sell\":" + Num(price.Bid) + "}";
                return Text("duplicate_keys", Frame(Head(), entry), FrameExpectation.Decoded(1));
            case 2:
                return Text("duplicate_keys", Frame(Head() + ",\"seq\":" + NextSequence().ToString(CultureInfo.InvariantCulture), ValidEntry()), FrameExpectation.Decoded(1));
            case 3:
                return Text(
                    "duplicate_keys",
                    "{" + Head() + ",\"data\":{\"market_prices\":{" + ValidEntry() + "}},\"data\":{\"market_prices\":{" + ValidEntry() + "}}}",
                    FrameExpectation.Decoded(2));
            case 4:
                return Text(
                    "duplicate_keys",
                    "{" + Head() + ",\"data\":{\"market_prices\":{" + ValidEntry() + "},\"market_prices\":{" + ValidEntry() + "}}}",
                    FrameExpectation.Decoded(2));
            case 5:
                // The last type wins: not a market_update after all.
                return Text("duplicate_keys", Frame(Head() + ",\"type\":\"heartbeat\"", ValidEntry()), FrameExpectation.Ignored);
            default:
                var future = (NowMilliseconds + (long)MaxClockSkew.TotalMilliseconds + 60_000).ToString(CultureInfo.InvariantCulture);
                return Text("duplicate_keys", Frame(Head() + ",\"ts\":" + future, ValidEntry()), FrameExpectation.Failed(FutureTimestamp));
        }
    }

    private HostileFrame FutureTime()
    {
        var ts = Random.Next(7) switch
        {
            0 => (NowMilliseconds + (long)MaxClockSkew.TotalMilliseconds + Random.NextInt64(1, 86_400_000)).ToString(CultureInfo.InvariantCulture),
            1 => "4102444800000",
            2 => "253402300800000",
            3 => long.MaxValue.ToString(CultureInfo.InvariantCulture),
            4 => "1e30",
            5 => "9223372036854775808",
            _ => "99999999999999999999999",
        };
        return Text("future_time", Frame(Head(ts), ValidEntry()), FrameExpectation.Failed(FutureTimestamp));
    }

    private HostileFrame InvalidTime()
    {
        var ts = Pick("0", "-1", "-" + Random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture), long.MinValue.ToString(CultureInfo.InvariantCulture), "1.5", "-1e30", "0.0", "1e-5");
        return Text("invalid_time", Frame(Head(ts), ValidEntry()), FrameExpectation.Failed(InvalidTimestamp));
    }

    private HostileFrame Oversized()
    {
        var pad = Random.Next(2) == 0 ? ",\"pad\":\"" + new string('x', MaxFrameBytes) + "\"" : new string(' ', MaxFrameBytes);
        return Text("oversized", "{" + Head() + pad + ",\"data\":{\"market_prices\":{" + ValidEntry() + "}}}", FrameExpectation.Failed(OversizedFrame));
    }

    private HostileFrame WrongShape()
    {
        var empty = ",\"data\":{\"market_prices\":{}}}";
        var json = Random.Next(16) switch
        {
            0 => "[1,2,3]",
            1 => "123",
            2 => "\"market_update\"",
            3 => "null",
            4 => "true",
            5 => "{" + Head() + "}",
            6 => "{\"type\":5,\"data\":{\"market_prices\":{" + ValidEntry() + "}}}",
            7 => "{" + Head() + ",\"data\":[]}",
            8 => "{" + Head() + ",\"data\":{\"market_prices\":[]}}",
            9 => "{" + Head() + ",\"data\":{}}",
            10 => "{" + Head() + ",\"data\":null}",
            11 => Frame(Head(), ValidEntry(), "\"EURUSD\":5"),
            12 => "{\"type\":\"market_update\",\"seq\":\"7\"" + empty,
            13 => "{\"type\":\"market_update\",\"seq\":1.5" + empty,
            14 => "{\"type\":\"market_update\",\"seq\":99999999999999999999" + empty,
            _ => "{\"type\":\"market_update\",\"ts\":\"123\"" + empty,
        };
        return Text("wrong_shape", json, FrameExpectation.Failed(UnexpectedShape));
    }

    private HostileFrame OtherType()
    {
        var json = Random.Next(6) switch
        {
            0 => "{\"type\":\"heartbeat\"}",
            1 => "{\"type\":\"subscribed\",\"data\":{\"market_prices\":{\"EURUSD\":{\"buy\":\"x\"}}}}",
            2 => "{}",
            3 => "{\"data\":{\"market_prices\":{" + ValidEntry() + "}},\"type\":\"status\"}",
            4 => "{\"foo\":1}",
            _ => "{\"type\":null}",
        };
        return Text("other_type", json, FrameExpectation.Ignored);
    }

    private HostileFrame BinaryFrame()
    {
        var payload = Random.Next(2) == 0 ? ValidPayload() : RandomBytes(Random.Next(1, 200));
        return new HostileFrame("binary_frame", payload, true, FrameExpectation.Ignored);
    }

    private HostileFrame Malformed()
    {
        var valid = Encoding.UTF8.GetString(ValidPayload());
        var json = Random.Next(11) switch
        {
            0 => "#" + string.Create(Random.Next(1, 200), Random, static (chars, random) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)random.Next(0x20, 0x7F);
                }
            }),
            1 => "{",
            2 => "}",
            3 => "{\"type\":\"market_update\",}",
            4 => "{'type':'market_update'}",
            5 => "{\"type\":\"market_update\"}}",
            6 => "{/*c*/\"type\":\"market_update\"}",
            7 => "   ",
            8 => valid + "x",
            9 => valid + "{}",
            _ => "{\"type\":\"market_update\",\"data\":{\"market_prices\":{\"EURUSD\":{\"buy\":NaN,}}}}",
        };
        return Text("malformed", json, FrameExpectation.Failed(MalformedJson));
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.NextBytes(bytes);
        return bytes;
    }
}
