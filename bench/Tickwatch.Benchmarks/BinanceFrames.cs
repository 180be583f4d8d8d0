using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;

namespace Tickwatch.Benchmarks;

/// <summary>Binance frames as the venue sends them: one quote each, for the crypto instruments under their venue names, with a symbol map.</summary>
public static class BinanceFrames
{
    /// <summary>Received after every frame's event time, so none is refused as from the future.</summary>
    public static readonly DecodeContext Context = new("bench", 1, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The venue's names of the broker's crypto instruments (BTCUSDT for BTCUSD, …).</summary>
    public static BinanceSymbolMap SymbolMap() =>
        new(Crypto().Select(i => KeyValuePair.Create(i.Symbol + "T", i.Symbol)));

    /// <summary>bookTicker payloads at 8 decimals, raw or in the combined envelope.</summary>
    public static byte[][] BookTickers(bool combined)
    {
        var random = new Random(42);
        var crypto = Crypto();
        var frames = new byte[BenchmarkFrames.FrameCount][];
        for (var i = 0; i < frames.Length; i++)
        {
            var spec = crypto[i % crypto.Length];
            var (bid, ask) = Quote(spec, random);
            var venue = spec.Symbol + "T";
            var payload = string.Create(
                CultureInfo.InvariantCulture,
                $$"""{"u":{{85592068563 + i}},"s":"{{venue}}","b":"{{bid:F8}}","B":"4.93986000","a":"{{ask:F8}}","A":"2.11027000"}""");
            var text = combined ? $$"""{"stream":"{{venue.ToLowerInvariant()}}@bookTicker","data":{{payload}}}""" : payload;
            frames[i] = Encoding.UTF8.GetBytes(text);
        }

        return frames;
    }

    /// <summary>BestBidAskStreamEvent messages (FORMAT.md §5.2), exponents −8.</summary>
    public static byte[][] BestBidAsks()
    {
        var random = new Random(42);
        var crypto = Crypto();
        var frames = new byte[BenchmarkFrames.FrameCount][];
        for (var i = 0; i < frames.Length; i++)
        {
            var spec = crypto[i % crypto.Length];
            var (bid, ask) = Quote(spec, random);
            var venue = Encoding.UTF8.GetBytes(spec.Symbol + "T");
            var frame = new byte[59 + venue.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(frame, 50);
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), 10001);
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), 1);
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8), 1_714_564_800_000_000 + i);
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(16), 85592068563 + i);
            frame[24] = unchecked((byte)-8);
            frame[25] = unchecked((byte)-8);
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(26), (long)(bid * 100_000_000m));
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(34), 493986000);
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(42), (long)(ask * 100_000_000m));
            BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(50), 211027000);
            frame[58] = (byte)venue.Length;
            venue.CopyTo(frame, 59);
            frames[i] = frame;
        }

        return frames;
    }

    private static InstrumentSpec[] Crypto() => [.. StandardInstruments.All.Where(i => i.Kind == InstrumentKind.Crypto)];

    private static (decimal Bid, decimal Ask) Quote(InstrumentSpec spec, Random random)
    {
        var drift = 1m + (((decimal)random.NextDouble() - 0.5m) * spec.DailyVolatility);
        var bid = decimal.Round(spec.ReferencePrice * drift, spec.Digits);
        return (bid, bid + spec.TypicalSpread);
    }
}
