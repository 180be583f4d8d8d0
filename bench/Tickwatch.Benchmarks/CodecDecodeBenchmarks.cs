using BenchmarkDotNet.Attributes;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Benchmarks;

/// <summary>Decoding one frame of each protocol, as a listener does: one codec, one reused batch.</summary>
public class CodecDecodeBenchmarks
{
    private IFeedCodec _codec = null!;
    private byte[][] _frames = null!;
    private FrameKind _kind;
    private readonly PriceUpdateBatch _batch = new();
    private int _next;

    [Params(FeedProtocol.Json, FeedProtocol.Protobuf)]
    public FeedProtocol Protocol { get; set; }

    [Params(1, 10, 50)]
    public int PricesPerFrame { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var encoder = FeedCodecs.CreateEncoder(Protocol);
        _kind = encoder.FrameKind;
        _frames = BenchmarkFrames.Encode(encoder, PricesPerFrame);
        _codec = FeedCodecs.CreateCodec(Protocol, BenchmarkFrames.Registry());

        // Fail fast if the frames do not decode completely: a benchmark of a failing path measures nothing.
        foreach (var frame in _frames)
        {
            _batch.Clear();
            var result = _codec.Decode(frame, _kind, BenchmarkFrames.Context, _batch);
            if (result.Outcome != FrameOutcome.Decoded || _batch.Count != PricesPerFrame)
            {
                throw new InvalidOperationException($"Benchmark frame did not decode: {result}, {_batch.Count} updates.");
            }
        }
    }

    [Benchmark]
    public int Decode()
    {
        var frame = _frames[_next++ % BenchmarkFrames.FrameCount];
        _batch.Clear();
        _ = _codec.Decode(frame, _kind, BenchmarkFrames.Context, _batch);
        return _batch.Count;
    }
}
