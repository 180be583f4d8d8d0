using BenchmarkDotNet.Attributes;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;

namespace Tickwatch.Benchmarks;

/// <summary>Decoding one Binance JSON bookTicker frame (one quote), raw or combined, through a symbol map, as a listener does.</summary>
public class BinanceJsonCodecBenchmarks
{
    private readonly PriceUpdateBatch _batch = new();
    private IFeedCodec _codec = null!;
    private byte[][] _frames = null!;
    private int _next;

    /// <summary>One quote per frame: Binance sends one message per frame (named so the updates/s column applies).</summary>
    [Params(1)]
    public int PricesPerFrame { get; set; }

    [Params(false, true)]
    public bool Combined { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frames = BinanceFrames.BookTickers(Combined);
        _codec = new BinanceJsonCodec(BenchmarkFrames.Registry(), BinanceFrames.SymbolMap());
        BenchmarkFrames.EnsureDecodes(_codec, _frames, FrameKind.Text, _batch, PricesPerFrame, BinanceFrames.Context);
    }

    [Benchmark]
    public int Decode()
    {
        var frame = _frames[_next++ % BenchmarkFrames.FrameCount];
        _batch.Clear();
        _ = _codec.Decode(frame, FrameKind.Text, BinanceFrames.Context, _batch);
        return _batch.Count;
    }
}
