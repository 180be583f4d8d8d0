using System.Buffers.Binary;
using Tickwatch.Testing.HostileFeeds;

namespace Tickwatch.Feeds.Tests.Codecs;

/// <summary>Hand-builds protobuf bytes, so tests control field order, unknown fields and broken encodings.</summary>
internal static class ProtoBuilder
{
    public static byte[] Varint(ulong value) => ProtoBytes.VarintBytes(value);

    public static byte[] Tag(int field, int wireType) => ProtoBytes.Tag(field, wireType);

    public static byte[] VarintField(int field, ulong value) => ProtoBytes.VarintField(field, value);

    public static byte[] DoubleField(int field, double value) => ProtoBytes.DoubleField(field, value);

    public static byte[] Fixed32Field(int field, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return [.. Tag(field, 5), .. bytes];
    }

    public static byte[] BytesField(int field, params byte[][] parts) => ProtoBytes.BytesField(field, parts);

    public static byte[] StringField(int field, string value) => ProtoBytes.StringField(field, value);

    public static byte[] Concat(params byte[][] parts) => ProtoBytes.Concat(parts);

    /// <summary>A <c>MarketPrice</c>: buy is the ask, sell the bid; null sides are left out.</summary>
    public static byte[] Price(double? buy, double? sell, double? spread = null) => Concat(
        buy is { } b ? DoubleField(1, b) : [],
        sell is { } s ? DoubleField(2, s) : [],
        spread is { } sp ? DoubleField(3, sp) : []);

    /// <summary>A map entry of <c>market_prices</c> (field 1 of <c>MarketPrices</c>).</summary>
    public static byte[] Entry(string symbol, byte[] price) => BytesField(1, StringField(1, symbol), BytesField(2, price));

    public static byte[] Data(params byte[][] entries) => BytesField(2, entries);

    public static byte[] MarketUpdate(byte[] data, ulong? seq = null, long? ts = null) => Concat(
        StringField(1, "market_update"),
        data,
        seq is { } q ? VarintField(3, q) : [],
        ts is { } t ? VarintField(4, unchecked((ulong)t)) : []);
}
