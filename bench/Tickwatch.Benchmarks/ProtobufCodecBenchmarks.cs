using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Benchmarks;

/// <summary>Decoding one zlib-compressed protobuf <c>MarketUpdate</c> frame, as a listener does.</summary>
public class ProtobufCodecBenchmarks
{
    private readonly PriceUpdateBatch _batch = new();
    private IFeedCodec _codec = null!;
    private byte[][] _frames = null!;
    private int _next;

    [Params(1, 10, 50)]
    public int PricesPerFrame { get; set; }

    /// <summary>
    /// <c>Fastest</c>: frames as Tickwatch's quote hub writes them (zlib-ng level 1, fixed Huffman codes).
    /// <c>Optimal</c>: as a sender using zlib's default level would (dynamic Huffman codes, dearer to inflate).
    /// </summary>
    [Params(CompressionLevel.Fastest, CompressionLevel.Optimal)]
    public CompressionLevel Compression { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frames = BenchmarkFrames.Encode(new ProtobufMarketUpdateEncoder(), PricesPerFrame);
        if (Compression != CompressionLevel.Fastest)
        {
            _frames = [.. _frames.Select(f => BenchmarkFrames.Recompress(f, Compression))];
        }

        _codec = FeedCodecs.CreateCodec(FeedProtocol.Protobuf, BenchmarkFrames.Registry());
        BenchmarkFrames.EnsureDecodes(_codec, _frames, FrameKind.Binary, _batch, PricesPerFrame);
    }

    [Benchmark]
    public int Decode()
    {
        var frame = _frames[_next++ % BenchmarkFrames.FrameCount];
        _batch.Clear();
        _ = _codec.Decode(frame, FrameKind.Binary, BenchmarkFrames.Context, _batch);
        return _batch.Count;
    }
}
