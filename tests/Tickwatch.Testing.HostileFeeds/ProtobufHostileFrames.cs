using System.IO.Compression;
using System.Text;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using static Tickwatch.Feeds.Codecs.ParseErrorCategory;
using static Tickwatch.Testing.HostileFeeds.ProtoBytes;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>The binary feed's valid, mutated and malicious zlib-compressed protobuf frames.</summary>
public sealed class ProtobufHostileFrames(int seed, SymbolRegistry registry, TimeProvider time, TimeSpan maxClockSkew, int maxFrameBytes)
    : HostileFrameSource(FeedProtocol.Protobuf, seed, registry, time, maxClockSkew, maxFrameBytes)
{
    // Inflated sizes of the bombs: one just under the listener's inflation limit (zeros are no protobuf), the rest far over it.
    private static readonly long[] BombSizes = [3L << 20, 5L << 20, 64L << 20, 256L << 20];

    private readonly Dictionary<long, byte[]> _bombs = [];

    protected override IEnumerable<(string Kind, int Weight, Func<HostileFrame> Make)> Kinds()
    {
        yield return ("valid", 330, () => ValidFrame(Walk.NextMany(Random.Next(1, 5))));
        yield return ("heartbeat", 10, () => ValidFrame([], "heartbeat"));
        yield return ("bit_flip_compressed", 60, () => new HostileFrame("bit_flip_compressed", FlipBits(ValidFrame(Walk.NextMany(Random.Next(1, 5))).Payload), true, null));
        yield return ("bit_flip_message", 60, () => new HostileFrame("bit_flip_message", Compress(FlipBits(ValidMessage())), true, null));
        yield return ("truncated_zlib", 40, TruncatedZlib);
        yield return ("truncated_message", 40, TruncatedMessage);
        yield return ("zlib_bomb", 10, ZlibBomb);
        yield return ("malformed_zlib", 40, MalformedZlib);
        yield return ("broken_varint", 40, BrokenVarint);
        yield return ("wrong_wire_type", 40, WrongWireType);
        yield return ("non_finite", 50, NonFinite);
        yield return ("huge_number", 40, HugeNumber);
        yield return ("negative_or_zero", 30, NegativeOrZero);
        yield return ("crossed", 30, Crossed);
        yield return ("huge_symbol", 15, HugeSymbol);
        yield return ("unknown_symbol", 30, UnknownSymbol);
        yield return ("future_time", 40, FutureTime);
        yield return ("invalid_time", 40, InvalidTime);
        yield return ("huge_seq", 20, HugeSequence);
        yield return ("duplicate_keys", 40, DuplicateKeys);
        yield return ("wrong_shape", 30, WrongShape);
        yield return ("other_type", 20, OtherType);
        yield return ("text_frame", 20, TextFrame);
        yield return ("empty", 10, () => new HostileFrame("empty", [], true, FrameExpectation.Failed(EmptyFrame)));
        yield return ("oversized", 3, () => new HostileFrame("oversized", RandomBytes(MaxFrameBytes + Random.Next(1, 1_000)), true, FrameExpectation.Failed(OversizedFrame)));
    }

    private static HostileFrame Frame(string kind, byte[] message, FrameExpectation? expected) => new(kind, Compress(message), true, expected);

    private static byte[] RawEntry(WirePrice price) => Entry(price.Symbol, Price((double?)price.Ask, (double?)price.Bid));

    private T Pick<T>(params T[] choices) => choices[Random.Next(choices.Length)];

    private WirePrice One() => Walk.Next(Walk.AnySymbol());

    private byte[] ValidEntry() => RawEntry(One());

    /// <summary>A market_update with type, data, sequence and time, in the encoder's field order.</summary>
    private byte[] Message(byte[] data, ulong? sequence = null, long? time = null) =>
        Concat(TypeField(), data, SequenceField(sequence ?? (ulong)NextSequence()), TimeField(time ?? NowMilliseconds));

    private byte[] ValidMessage() => Message(Data([.. Walk.NextMany(Random.Next(1, 5)).Select(RawEntry)]));

    private HostileFrame TruncatedZlib()
    {
        var valid = ValidFrame(Walk.NextMany(Random.Next(1, 5))).Payload;
        return new HostileFrame("truncated_zlib", valid[..Random.Next(1, valid.Length)], true, FrameExpectation.Failed(BadCompression));
    }

    // Cut inside data's payload, so the top level announces more than there is.
    private HostileFrame TruncatedMessage()
    {
        var entries = Walk.NextMany(Random.Next(1, 5)).Select(RawEntry).ToArray();
        var type = TypeField();
        var data = Data(entries);
        var message = Concat(type, data, SequenceField((ulong)NextSequence()), TimeField(NowMilliseconds));
        var payloadStart = type.Length + data.Length - entries.Sum(e => e.Length);
        return Frame("truncated_message", message[..Random.Next(payloadStart, type.Length + data.Length)], FrameExpectation.Failed(MalformedProtobuf));
    }

    private HostileFrame ZlibBomb()
    {
        var size = Pick(BombSizes);
        if (!_bombs.TryGetValue(size, out var bomb))
        {
            _bombs[size] = bomb = Bomb(size);
        }

        // Zeros that fit the limit are inflated and then fail as protobuf (field 0).
        var expected = size > ProtobufMarketUpdateCodec.DefaultMaxInflatedBytes ? FrameExpectation.Failed(OversizedFrame) : FrameExpectation.Failed(MalformedProtobuf);
        return new HostileFrame("zlib_bomb", bomb, true, expected);
    }

    private HostileFrame MalformedZlib()
    {
        switch (Random.Next(6))
        {
            case 0:
                // CMF 0: no such compression method.
                return new HostileFrame("malformed_zlib", [0x00, .. RandomBytes(Random.Next(1, 100))], true, FrameExpectation.Failed(BadCompression));
            case 1:
                // Adler-32 of the content corrupted.
                var valid = ValidFrame(Walk.NextMany(Random.Next(1, 5))).Payload;
                valid[^1] ^= 0x01;
                return new HostileFrame("malformed_zlib", valid, true, FrameExpectation.Failed(BadCompression));
            case 2:
                // A good header over random deflate data: almost surely corrupt, but only decoding tells.
                return new HostileFrame("malformed_zlib", [0x78, 0x9C, .. RandomBytes(Random.Next(1, 200))], true, null);
            case 3:
                // gzip instead of zlib: method 15 in the header.
                return new HostileFrame("malformed_zlib", Gzip(ValidMessage()), true, FrameExpectation.Failed(BadCompression));
            case 4:
                // Raw deflate without the zlib header.
                return new HostileFrame("malformed_zlib", RawDeflate(ValidMessage()), true, null);
            default:
                // Bytes after the end of the stream: the native inflater ignores them, the fallback refuses them.
                return new HostileFrame("malformed_zlib", [.. ValidFrame(Walk.NextMany(1)).Payload, .. RandomBytes(Random.Next(1, 20))], true, null);
        }
    }

    private HostileFrame BrokenVarint()
    {
        byte[] message = Random.Next(6) switch
        {
            0 => [.. Enumerable.Repeat((byte)0xFF, 11)],
            1 => [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2, 3],
            2 => [.. TypeField(), 0x18, .. Enumerable.Repeat((byte)0xFF, 10), 0x01],
            3 => [.. TypeField(), 0x18, 0x80],
            4 => Message(Data(ValidEntry(), [0x0A, 0x7F, 0x01, 0x02])),
            _ => Message(Data(ValidEntry(), Entry(Walk.AnySymbol(), [0x09, 1, 2, 3]))),
        };
        return Frame("broken_varint", message, FrameExpectation.Failed(MalformedProtobuf));
    }

    private HostileFrame WrongWireType()
    {
        var next = (ulong)NextSequence();
        return Random.Next(7) switch
        {
            // data as a varint is another field to protobuf: a market_update without data.
            0 => Frame("wrong_wire_type", Concat(TypeField(), VarintField(2, 5), SequenceField(next)), FrameExpectation.Failed(UnexpectedShape)),
            1 => Frame("wrong_wire_type", Concat(TypeField(), [0x13], Data(ValidEntry())), FrameExpectation.Failed(MalformedProtobuf)),
            2 => Frame("wrong_wire_type", Concat(TypeField(), [0x16, 0x01]), FrameExpectation.Failed(MalformedProtobuf)),
            3 => Frame("wrong_wire_type", Concat([0x02, 0x01, 0x01], Data(ValidEntry())), FrameExpectation.Failed(MalformedProtobuf)),
            4 => Frame("wrong_wire_type", Message(Data(ValidEntry(), Entry(Walk.AnySymbol(), VarintField(1, 123))), next), FrameExpectation.Decoded(1, EmptyPrice)),

            // type as a fixed64 is skipped: no type, so the data is read as prices.
            5 => Frame("wrong_wire_type", Concat(DoubleField(1, 1.5), Data(ValidEntry()), SequenceField(next)), FrameExpectation.Decoded(1)),
            _ => Frame("wrong_wire_type", Message(Data(ValidEntry(), Entry(Walk.AnySymbol(), Concat(Tag(1, 5), [1, 2, 3, 4], DoubleField(2, (double)One().Bid!.Value)))), next), FrameExpectation.Decoded(2)),
        };
    }

    private HostileFrame NonFinite()
    {
        var bad = Pick(double.NaN, double.PositiveInfinity, double.NegativeInfinity, BitConverter.Int64BitsToDouble(0x7FF0000000000001), -double.NaN);
        var price = One();
        var entry = Random.Next(2) == 0 ? Entry(price.Symbol, Price(bad, (double)price.Bid!.Value)) : Entry(price.Symbol, Price((double)price.Ask!.Value, bad));
        return Frame("non_finite", Message(Data(ValidEntry(), entry)), FrameExpectation.Decoded(1, NonFiniteNumber));
    }

    private HostileFrame HugeNumber()
    {
        var symbol = Walk.AnySymbol();
        return Random.Next(4) switch
        {
            0 => Frame("huge_number", Message(Data(ValidEntry(), Entry(symbol, Price(1e300, 1.1)))), FrameExpectation.Decoded(1, InvalidNumber)),
            1 => Frame("huge_number", Message(Data(ValidEntry(), Entry(symbol, Price(1.2, double.MaxValue)))), FrameExpectation.Decoded(1, InvalidNumber)),
            2 => Frame("huge_number", Message(Data(ValidEntry(), Entry(symbol, Price(8e28, 1.1)))), FrameExpectation.Decoded(1, InvalidNumber)),

            // A decimal that fits, far from any price: decoded, refused by the book's jump guard.
            _ => Frame("huge_number", Message(Data(ValidEntry(), Entry(symbol, Price(1.0000001e20, 1e20)))), FrameExpectation.Decoded(2)),
        };
    }

    private HostileFrame NegativeOrZero()
    {
        var price = One();
        var (ask, bid) = ((double)price.Ask!.Value, (double)price.Bid!.Value);
        return Random.Next(4) switch
        {
            0 => Frame("negative_or_zero", Message(Data(ValidEntry(), Entry(price.Symbol, Price(-ask, -bid)))), FrameExpectation.Decoded(2)),
            1 => Frame("negative_or_zero", Message(Data(ValidEntry(), Entry(price.Symbol, Price(ask, -bid)))), FrameExpectation.Decoded(2)),

            // Proto3 cannot tell 0.0 from absent: both sides zero is an entry with neither side.
            2 => Frame("negative_or_zero", Message(Data(ValidEntry(), Entry(price.Symbol, Price(0.0, 0.0)))), FrameExpectation.Decoded(1, EmptyPrice)),
            _ => Frame("negative_or_zero", Message(Data(ValidEntry(), Entry(price.Symbol, Price(-0.0, -0.0)))), FrameExpectation.Decoded(1, EmptyPrice)),
        };
    }

    private HostileFrame Crossed()
    {
        var price = One();
        return Frame("crossed", Message(Data(ValidEntry(), Entry(price.Symbol, Price((double)price.Bid!.Value, (double)price.Ask!.Value)))), FrameExpectation.Decoded(2));
    }

    private HostileFrame HugeSymbol()
    {
        var length = Random.Next(10) == 0 ? Random.Next(1 << 20, 5 << 20) : Random.Next(SymbolRegistry.MaxSymbolLength + 1, 65_536);
        var key = new byte[length];
        if (Random.Next(4) == 0)
        {
            Random.NextBytes(key);
        }
        else
        {
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = (byte)('A' + (i % 26));
            }
        }

        // Random bytes do not compress: such a frame is too large on the wire already.
        var message = Message(Data(ValidEntry(), Entry(key, Price(1.1, 1.0))));
        var frame = Frame("huge_symbol", message, null);
        var oversized = frame.Payload.Length > MaxFrameBytes || message.Length > ProtobufMarketUpdateCodec.DefaultMaxInflatedBytes;
        return frame with { Expected = oversized ? FrameExpectation.Failed(OversizedFrame) : FrameExpectation.Decoded(1, ParseErrorCategory.UnknownSymbol) };
    }

    private HostileFrame UnknownSymbol()
    {
        var key = Pick<byte[]>("ZZZZZZ"u8.ToArray(), "eurusd"u8.ToArray(), "EUR/USD"u8.ToArray(), [], [0xFF, 0xFE], "EURUSD\0"u8.ToArray(), Encoding.UTF8.GetBytes("€URUSD"));
        return Frame("unknown_symbol", Message(Data(ValidEntry(), Entry(key, Price(1.1, 1.0)))), FrameExpectation.Decoded(1, ParseErrorCategory.UnknownSymbol));
    }

    private HostileFrame FutureTime()
    {
        var time = Pick(NowMilliseconds + (long)MaxClockSkew.TotalMilliseconds + Random.NextInt64(1, 86_400_000), 4102444800000, 253402300800000, long.MaxValue);
        return Frame("future_time", Message(Data(ValidEntry()), time: time), FrameExpectation.Failed(FutureTimestamp));
    }

    private HostileFrame InvalidTime()
    {
        var time = Pick<long>(0, -1, long.MinValue, -Random.NextInt64(1, long.MaxValue));
        return Frame("invalid_time", Message(Data(ValidEntry()), time: time), FrameExpectation.Failed(InvalidTimestamp));
    }

    private HostileFrame HugeSequence() =>
        Frame("huge_seq", Message(Data(ValidEntry()), sequence: (1UL << 63) + (ulong)Random.NextInt64(0, long.MaxValue)), FrameExpectation.Failed(UnexpectedShape));

    private HostileFrame DuplicateKeys()
    {
        var symbol = Walk.AnySymbol();
        var price = Walk.Next(symbol);
        var value = Price((double)price.Ask!.Value, (double)price.Bid!.Value);
        return Random.Next(8) switch
        {
            0 => Frame("duplicate_keys", Message(Data(RawEntry(price), RawEntry(Walk.Next(symbol)))), FrameExpectation.Decoded(2)),

            // A map entry's last key wins.
            1 => Frame("duplicate_keys", Message(Data(BytesField(1, StringField(1, "ZZZ"), StringField(1, symbol), BytesField(2, value)))), FrameExpectation.Decoded(1)),
            2 => Frame("duplicate_keys", Message(Data(BytesField(1, StringField(1, symbol), StringField(1, "ZZZ"), BytesField(2, value)))), FrameExpectation.Decoded(0, ParseErrorCategory.UnknownSymbol)),
            3 => Frame("duplicate_keys", Concat(TypeField(), Data(ValidEntry()), Data(ValidEntry()), SequenceField((ulong)NextSequence())), FrameExpectation.Decoded(2)),
            4 => Frame("duplicate_keys", Message(Data(Entry(symbol, Concat(DoubleField(1, (double)price.Ask.Value * 2), value)))), FrameExpectation.Decoded(1)),

            // The last type wins: not a market_update after all.
            5 => Frame("duplicate_keys", Concat(Message(Data(ValidEntry())), TypeField("heartbeat")), FrameExpectation.Ignored),
            6 => Frame("duplicate_keys", Concat(Message(Data(ValidEntry())), TimeField(NowMilliseconds + (long)MaxClockSkew.TotalMilliseconds + 60_000)), FrameExpectation.Failed(FutureTimestamp)),
            _ => Frame("duplicate_keys", Concat(Message(Data(ValidEntry())), SequenceField((ulong)NextSequence())), FrameExpectation.Decoded(1)),
        };
    }

    private HostileFrame WrongShape()
    {
        var next = (ulong)NextSequence();
        return Random.Next(4) switch
        {
            0 => Frame("wrong_shape", Concat(TypeField(), SequenceField(next), TimeField(NowMilliseconds)), FrameExpectation.Failed(UnexpectedShape)),

            // No type but data: read as a market_update, as the reference's clients do.
            1 => Frame("wrong_shape", Concat(Data(ValidEntry()), SequenceField(next), TimeField(NowMilliseconds)), FrameExpectation.Decoded(1)),
            2 => Frame("wrong_shape", Concat(SequenceField(next), TimeField(NowMilliseconds)), FrameExpectation.Ignored),
            // An empty message, as zlib writes it (ZLibStream writes nothing at all for no input).
            _ => new HostileFrame("wrong_shape", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01], true, FrameExpectation.Ignored),
        };
    }

    private HostileFrame OtherType() => Random.Next(3) switch
    {
        0 => Frame("other_type", Concat(TypeField("heartbeat"), Data(ValidEntry())), FrameExpectation.Ignored),
        1 => Frame("other_type", Concat(TypeField(""), Data(ValidEntry())), FrameExpectation.Ignored),

        // Another type's time is not a price's: ignored whatever it says.
        _ => Frame("other_type", Concat(TypeField("status"), Data(ValidEntry()), TimeField(long.MaxValue)), FrameExpectation.Ignored),
    };

    private HostileFrame TextFrame()
    {
        var text = Random.Next(2) == 0
            ? "{\"type\":\"market_update\",\"data\":{\"market_prices\":{\"EURUSD\":{\"buy\":1.1,\"sell\":1.0}}}}"
            : new string('x', Random.Next(1, 500));
        return new HostileFrame("text_frame", Encoding.UTF8.GetBytes(text), false, FrameExpectation.Ignored);
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Gzip(byte[] message)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(message);
        }

        return output.ToArray();
    }

    private static byte[] RawDeflate(byte[] message)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest))
        {
            deflate.Write(message);
        }

        return output.ToArray();
    }
}
