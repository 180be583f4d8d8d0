using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>Hand-built protobuf and zlib bytes, so the generator controls field order, wire types and broken encodings.</summary>
public static class ProtoBytes
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;

    public static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>(10);
        while (value >= 0x80)
        {
            bytes.Add(unchecked((byte)(value | 0x80)));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    public static byte[] Tag(int field, int wireType) => VarintBytes(((ulong)field << 3) | (uint)wireType);

    public static byte[] VarintField(int field, ulong value) => [.. Tag(field, Varint), .. VarintBytes(value)];

    public static byte[] DoubleField(int field, double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return [.. Tag(field, Fixed64), .. bytes];
    }

    public static byte[] BytesField(int field, params byte[][] parts)
    {
        var length = parts.Sum(p => p.Length);
        return Concat([Tag(field, LengthDelimited), VarintBytes((ulong)length), .. parts]);
    }

    public static byte[] StringField(int field, string value) => BytesField(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, at);
            at += part.Length;
        }

        return result;
    }

    /// <summary>A <c>MarketPrice</c>: buy is the ask, sell the bid; a null side is left out.</summary>
    public static byte[] Price(double? buy, double? sell) => Concat(
        buy is { } b ? DoubleField(1, b) : [],
        sell is { } s ? DoubleField(2, s) : []);

    /// <summary>One <c>market_prices</c> map entry (field 1 of <c>MarketPrices</c>).</summary>
    public static byte[] Entry(byte[] key, byte[] price) => BytesField(1, BytesField(1, key), BytesField(2, price));

    public static byte[] Entry(string symbol, byte[] price) => Entry(Encoding.UTF8.GetBytes(symbol), price);

    /// <summary><c>MarketUpdate.data</c> (field 2) holding <paramref name="entries"/>.</summary>
    public static byte[] Data(params byte[][] entries) => BytesField(2, entries);

    public static byte[] TypeField(string type = "market_update") => StringField(1, type);

    public static byte[] SequenceField(ulong sequence) => VarintField(3, sequence);

    public static byte[] TimeField(long unixMilliseconds) => VarintField(4, unchecked((ulong)unixMilliseconds));

    public static byte[] Compress(ReadOnlySpan<byte> message)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(message);
        }

        return output.ToArray();
    }

    /// <summary>A zlib stream of <paramref name="bytes"/> zeros: about a thousandth of its size compressed.</summary>
    public static byte[] Bomb(long bytes)
    {
        var zeros = new byte[1 << 20];
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize))
        {
            for (var left = bytes; left > 0; left -= zeros.Length)
            {
                zlib.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
            }
        }

        return output.ToArray();
    }
}
