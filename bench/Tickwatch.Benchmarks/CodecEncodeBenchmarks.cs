using System.Buffers;
using BenchmarkDotNet.Attributes;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Benchmarks;

/// <summary>Encoding one frame of each protocol, as the quote hub does.</summary>
public class CodecEncodeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly DateTimeOffset _sourceTime = DateTimeOffset.FromUnixTimeMilliseconds(1_714_564_800_000);
    private IFeedFrameEncoder _encoder = null!;
    private WirePrice[] _prices = null!;
    private long _sequence;

    [Params(FeedProtocol.Json, FeedProtocol.Protobuf)]
    public FeedProtocol Protocol { get; set; }

    [Params(1, 10, 50)]
    public int PricesPerFrame { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _encoder = FeedCodecs.CreateEncoder(Protocol);
        _prices = BenchmarkFrames.Prices(PricesPerFrame, new Random(42));
    }

    [Benchmark]
    public int Encode()
    {
        _output.ResetWrittenCount();
        _encoder.Encode(_prices, ++_sequence, _sourceTime, _output);
        return _output.WrittenCount;
    }
}
