using System.Text;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Tests.Codecs.Binance;

/// <summary>The Binance captures copied into this project (see Samples/SOURCES.md), a registry of their symbols and a context after them.</summary>
internal static class BinanceTestData
{
    /// <summary>After every capture and synthetic example (the latest is 2026-01-24), so none is from the future.</summary>
    public static readonly DateTimeOffset ReceivedAt = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DecodeContext Context = new("binance", 3, ReceivedAt);

    /// <summary>The venue symbols of the captures, listed as broker symbols of the same name, and the standard instruments.</summary>
    public static SymbolRegistry Registry() => new(
        StandardInstruments.All.Select(i => i.Symbol)
            .Concat(["NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR", "BTCUSDT", "BNBBTC", "BNBUSDT"])
            .Select(CodecTestData.Settings),
        CodecTestData.Settings,
        acceptUnlisted: false);

    public static string[] Lines(string file) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Codecs", "Binance", "Samples", file)).Where(l => l.Length > 0).ToArray();

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(char.IsAsciiHexDigit)));

    public static (FrameDecodeResult Result, PriceUpdateBatch Batch) Decode(IFeedCodec codec, byte[] frame, FrameKind kind, DecodeContext? context = null)
    {
        var batch = new PriceUpdateBatch(4);
        var result = codec.Decode(frame, kind, context ?? Context, batch);
        return (result, batch);
    }
}
