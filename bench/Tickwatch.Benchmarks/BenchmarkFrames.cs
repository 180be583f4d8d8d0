using System.Buffers;
using System.IO.Compression;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Benchmarks;

/// <summary>Realistic frames as the quote hub sends them: the standard instruments, random-walk prices at their quoted digits.</summary>
public static class BenchmarkFrames
{
    /// <summary>Frames are cycled so that the codec does not see the same bytes every time.</summary>
    public const int FrameCount = 16;

    public static readonly DecodeContext Context = new("bench", 1, DateTimeOffset.UnixEpoch);

    public static SymbolRegistry Registry() => new(
        StandardInstruments.All.Select(i => new SymbolSettings
        {
            Symbol = i.Symbol,
            Kind = i.Kind,
            MaxQuoteAge = TimeSpan.FromSeconds(5),
            MaxJump = 0.05m,
            JumpConfirmations = 3,
            MaxFeedDivergence = 0.01m,
        }),
        symbol => throw new InvalidOperationException($"{symbol} is not a standard instrument."),
        acceptUnlisted: false);

    public static WirePrice[] Prices(int count, Random random)
    {
        var instruments = StandardInstruments.All;
        var prices = new WirePrice[count];
        for (var i = 0; i < count; i++)
        {
            var spec = instruments[i % instruments.Count];
            var drift = 1m + ((decimal)random.NextDouble() - 0.5m) * spec.DailyVolatility;
            var bid = decimal.Round(spec.ReferencePrice * drift, spec.Digits);
            prices[i] = new WirePrice(spec.Symbol, bid, bid + spec.TypicalSpread);
        }

        return prices;
    }

    public static byte[][] Encode(IFeedFrameEncoder encoder, int pricesPerFrame)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var random = new Random(42);
        var frames = new byte[FrameCount][];
        for (var i = 0; i < FrameCount; i++)
        {
            var output = new ArrayBufferWriter<byte>();
            encoder.Encode(Prices(pricesPerFrame, random), 1_000_000 + i, DateTimeOffset.FromUnixTimeMilliseconds(1_714_564_800_000 + i), output);
            frames[i] = output.WrittenSpan.ToArray();
        }

        return frames;
    }

    /// <summary>The same zlib frame compressed again at <paramref name="level"/>.</summary>
    public static byte[] Recompress(byte[] frame, CompressionLevel level)
    {
        using var payload = new MemoryStream();
        using (var inflater = new ZLibStream(new MemoryStream(frame), CompressionMode.Decompress))
        {
            inflater.CopyTo(payload);
        }

        using var output = new MemoryStream();
        using (var deflater = new ZLibStream(output, level, leaveOpen: true))
        {
            deflater.Write(payload.GetBuffer().AsSpan(0, (int)payload.Length));
        }

        return output.ToArray();
    }

    /// <summary>Fails fast if a frame does not decode completely: a benchmark of a failing path measures nothing.</summary>
    public static void EnsureDecodes(IFeedCodec codec, byte[][] frames, FrameKind kind, PriceUpdateBatch batch, int expected, DecodeContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var frame in frames)
        {
            batch.Clear();
            var result = codec.Decode(frame, kind, context ?? Context, batch);
            if (result.Outcome != FrameOutcome.Decoded || batch.Count != expected)
            {
                throw new InvalidOperationException($"Benchmark frame did not decode: {result}, {batch.Count} updates.");
            }
        }
    }
}
