using BenchmarkDotNet.Attributes;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;

namespace Tickwatch.Benchmarks;

/// <summary>Decoding one Binance SBE BestBidAskStreamEvent frame (one quote) through a symbol map, as a listener does.</summary>
public class BinanceSbeCodecBenchmarks
{
    private readonly PriceUpdateBatch _batch = new();
    private IFeedCodec _codec = null!;
    private byte[][] _frames = null!;
    private int _next;

    /// <summary>One quote per frame: Binance sends one message per frame (named so the updates/s column applies).</summary>
    [Params(1)]
    public int PricesPerFrame { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frames = BinanceFrames.BestBidAsks();
        _codec = new BinanceSbeCodec(BenchmarkFrames.Registry(), BinanceFrames.SymbolMap());

        BenchmarkFrames.EnsureDecodes(_codec, _frames, FrameKind.Binary, _batch, PricesPerFrame, BinanceFrames.Context);
    }

    [Benchmark]
    public int Decode()
    {
        var frame = _frames[_next++ % BenchmarkFrames.FrameCount];
        _batch.Clear();
        _ = _codec.Decode(frame, FrameKind.Binary, BinanceFrames.Context, _batch);
        return _batch.Count;
    }
}
