using System.Buffers;
using System.IO.Compression;
using System.Text;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Tests.Codecs;

/// <summary>Registry, context and frame builders shared by the codec tests.</summary>
internal static class CodecTestData
{
    public static readonly DateTimeOffset ReceivedAt = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly DecodeContext Context = new("test-feed", 7, ReceivedAt);

    public static SymbolRegistry Registry() =>
        new(StandardInstruments.All.Select(i => Settings(i.Symbol)), Settings, acceptUnlisted: false);

    public static SymbolSettings Settings(string symbol) => new()
    {
        Symbol = symbol,
        MaxQuoteAge = TimeSpan.FromSeconds(5),
        MaxJump = 0.05m,
        JumpConfirmations = 3,
        MaxFeedDivergence = 0.01m,
    };

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>zlib-compresses with the framework's own compressor, independent of the code under test.</summary>
    public static byte[] Zlib(ReadOnlySpan<byte> payload, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, level, leaveOpen: true))
        {
            zlib.Write(payload);
        }

        return buffer.ToArray();
    }

    public static byte[] Inflate(byte[] compressed)
    {
        using var source = new MemoryStream(compressed);
        using var zlib = new ZLibStream(source, CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    public static byte[] Encode(IFeedFrameEncoder encoder, IReadOnlyList<WirePrice> prices, long? sequence = null, DateTimeOffset? sourceTime = null)
    {
        var output = new ArrayBufferWriter<byte>();
        encoder.Encode(prices.ToArray(), sequence, sourceTime, output);
        return output.WrittenSpan.ToArray();
    }

    public static (FrameDecodeResult Result, PriceUpdateBatch Batch) Decode(IFeedCodec codec, byte[] frame, FrameKind kind)
    {
        var batch = new PriceUpdateBatch(4);
        var result = codec.Decode(frame, kind, Context, batch);
        return (result, batch);
    }
}
