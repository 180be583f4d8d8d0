using BenchmarkDotNet.Attributes;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Benchmarks;

/// <summary>Decoding one JSON <c>market_update</c> frame, as a listener does: one codec, one reused batch.</summary>
public class JsonCodecBenchmarks
{
    private readonly PriceUpdateBatch _batch = new();
    private IFeedCodec _codec = null!;
    private byte[][] _frames = null!;
    private int _next;

    [Params(1, 10, 50)]
    public int PricesPerFrame { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frames = BenchmarkFrames.Encode(new JsonMarketUpdateEncoder(), PricesPerFrame);
        _codec = FeedCodecs.CreateCodec(FeedProtocol.Json, BenchmarkFrames.Registry());
        BenchmarkFrames.EnsureDecodes(_codec, _frames, FrameKind.Text, _batch, PricesPerFrame);
    }

    [Benchmark]
    public int Decode()
    {
        var frame = _frames[_next++ % BenchmarkFrames.FrameCount];
        _batch.Clear();
        _ = _codec.Decode(frame, FrameKind.Text, BenchmarkFrames.Context, _batch);
        return _batch.Count;
    }
}
