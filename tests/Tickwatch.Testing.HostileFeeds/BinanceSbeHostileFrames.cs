using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using static Tickwatch.Feeds.Codecs.ParseErrorCategory;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>The Binance SBE feed's valid, mutated and malicious binary frames: BestBidAsk and Trades events as the quote hub writes them, then broken.</summary>
public sealed class BinanceSbeHostileFrames(int seed, SymbolRegistry registry, TimeProvider time, TimeSpan maxClockSkew, int maxFrameBytes)
    : HostileFrameSource(FeedProtocol.BinanceSbe, seed, registry, time, maxClockSkew, maxFrameBytes)
{
    // bookUpdateId's two top bytes (offsets 22 and 23): a flip there could pass the finals' update id and hold a final back.
    private const int UpdateIdTop = 22;

    protected override int PricesPerFrame => 1;

    private IBinanceFrameEncoder Binance => (IBinanceFrameEncoder)Encoder;

    protected override IEnumerable<(string Kind, int Weight, Func<HostileFrame> Make)> Kinds()
    {
        yield return ("valid", 400, () => ValidFrame([One()]));
        yield return ("trade", 60, () => Binary("trade", Trade(), FrameExpectation.Decoded(0)));
        yield return ("bit_flip", 150, BitFlip);
        yield return ("truncated", 80, Truncated);
        yield return ("trailing_bytes", 30, () => Binary("trailing_bytes", [.. Quote(One()), .. RandomBytes(Random.Next(1, 20))], FrameExpectation.Failed(MalformedSbe)));
        yield return ("wrong_block_length", 30, () => Binary("wrong_block_length", Patch(Quote(One()), 0, (ushort)Random.Next(0, 50)), FrameExpectation.Failed(MalformedSbe)));
        yield return ("other_schema", 30, () => Binary("other_schema", Patch(Quote(One()), 4, (ushort)Random.Next(2, 1000)), FrameExpectation.Failed(UnsupportedSbeSchema)));
        yield return ("other_version", 30, () => Binary("other_version", Patch(Quote(One()), 6, (ushort)Random.Next(1, 1000)), FrameExpectation.Failed(UnsupportedSbeSchema)));
        yield return ("unknown_template", 30, () => Binary("unknown_template", Patch(Quote(One()), 2, (ushort)Random.Next(10004, 65536)), FrameExpectation.Failed(UnknownSbeTemplate)));
        yield return ("garbage", 40, () => Binary("garbage", RandomBytes(Random.Next(1, 300)), null));
        yield return ("crossed", 30, Crossed);
        yield return ("unknown_symbol", 20, () => Binary("unknown_symbol", Quote(One() with { Symbol = Pick("ZZZZZZ", "eurusd", "EUR/USD", "€URUSD") }), null));
        yield return ("text_frame", 20, () => new HostileFrame("text_frame", Encoding.UTF8.GetBytes(Pick("{\"result\":null,\"id\":1}", "not json", "{\"u\":1,\"s\":\"EURUSD\",\"b\":\"1.1\",\"a\":\"1.2\"}")), false, null));
        yield return ("empty", 10, () => Binary("empty", [], FrameExpectation.Failed(EmptyFrame)));
        yield return ("oversized", 3, () => Binary("oversized", RandomBytes(MaxFrameBytes + Random.Next(1, 1_000)), FrameExpectation.Failed(OversizedFrame)));
    }

    private static HostileFrame Binary(string kind, byte[] payload, FrameExpectation? expected) => new(kind, payload, true, expected);

    private static byte[] Patch(byte[] frame, int offset, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(offset), value);
        return frame;
    }

    private T Pick<T>(params T[] choices) => choices[Random.Next(choices.Length)];

    private WirePrice One() => Walk.Next(Walk.AnySymbol());

    private DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(NowMilliseconds);

    private byte[] Quote(WirePrice price)
    {
        var output = new ArrayBufferWriter<byte>(128);
        Binance.EncodeBookTicker(new BinanceBookTicker(price.Symbol, NextSequence(), price.Bid!.Value, 1m, price.Ask!.Value, 1m, Now), null, output);
        return output.WrittenSpan.ToArray();
    }

    private byte[] Trade()
    {
        var price = One();
        var output = new ArrayBufferWriter<byte>(128);
        Binance.EncodeTrade(new BinanceTrade(price.Symbol, NextSequence(), price.Ask!.Value, 0.25m, Random.Next(2) == 0, Now, Now), null, output);
        return output.WrittenSpan.ToArray();
    }

    private HostileFrame BitFlip()
    {
        var valid = Random.Next(4) == 0 ? Trade() : Quote(One());
        var flipped = FlipBits(valid);
        if (valid.Length > UpdateIdTop + 1 && BinaryPrimitives.ReadUInt16LittleEndian(valid.AsSpan(2)) == 10001)
        {
            flipped[UpdateIdTop] = valid[UpdateIdTop];
            flipped[UpdateIdTop + 1] = valid[UpdateIdTop + 1];
        }

        return Binary("bit_flip", flipped, null);
    }

    private HostileFrame Truncated()
    {
        var valid = Random.Next(4) == 0 ? Trade() : Quote(One());
        return Binary("truncated", valid[..Random.Next(1, valid.Length)], FrameExpectation.Failed(MalformedSbe));
    }

    private HostileFrame Crossed()
    {
        var price = One();
        return Binary("crossed", Quote(price with { Bid = price.Ask, Ask = price.Bid }), FrameExpectation.Decoded(1));
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.NextBytes(bytes);
        return bytes;
    }
}
