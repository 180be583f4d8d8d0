using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Compression;
using static Tickwatch.Feeds.Tests.Codecs.CodecTestData;

namespace Tickwatch.Feeds.Tests.Codecs;

/// <summary>Random and mutated frames: a codec never throws, and a failed frame never lands a price.</summary>
public sealed class CodecFuzzUnitTests
{
    private const int Rounds = 4000;

    private static readonly WirePrice[] Sample =
    [
        .. StandardInstruments.All.Take(12).Select((i, n) => new WirePrice(i.Symbol, n % 4 == 1 ? null : i.ReferencePrice, n % 4 == 2 ? null : i.ReferencePrice + i.TypicalSpread)),
    ];

    private readonly SymbolRegistry _registry = Registry();

    [Theory]
    [InlineData(FeedProtocol.Json, 1)]
    [InlineData(FeedProtocol.Protobuf, 2)]
    public void Random_garbage_never_throws_and_never_lands_prices(FeedProtocol protocol, int seed)
    {
        var random = new Random(seed);
        var codec = FeedCodecs.CreateCodec(protocol, _registry);
        var batch = new PriceUpdateBatch();

        for (var round = 0; round < Rounds; round++)
        {
            var frame = new byte[random.Next(0, 300)];
            random.NextBytes(frame);
            if (protocol == FeedProtocol.Protobuf && frame.Length > 2 && round % 2 == 0)
            {
                // Half the rounds start like a zlib stream, so the garbage reaches the inflater's body.
                (frame[0], frame[1]) = (0x78, 0x9C);
            }

            foreach (var kind in new[] { FrameKind.Text, FrameKind.Binary })
            {
                AssertCleanOutcome(codec, frame, kind, batch);
            }
        }
    }

    [Theory]
    [InlineData(FeedProtocol.Json, 3)]
    [InlineData(FeedProtocol.Protobuf, 4)]
    public void Mutated_valid_frames_never_throw_and_failed_frames_land_nothing(FeedProtocol protocol, int seed)
    {
        var random = new Random(seed);
        var codec = FeedCodecs.CreateCodec(protocol, _registry);
        var encoder = FeedCodecs.CreateEncoder(protocol);
        var batch = new PriceUpdateBatch();
        var valid = Encode(encoder, Sample, 77, ReceivedAt);

        // For protobuf, mutate the inflated message and compress it again, so that the mutations reach
        // the protobuf reader instead of being caught by the zlib checksum.
        var payload = protocol == FeedProtocol.Protobuf ? Inflate(valid) : valid;
        var outcomes = new Dictionary<FrameOutcome, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var mutated = Mutate(payload, random);
            var frame = protocol == FeedProtocol.Protobuf ? Zlib(mutated) : mutated;
            var outcome = AssertCleanOutcome(codec, frame, encoder.FrameKind, batch);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // The mutations exercise both sides: some frames survive, many fail.
        Assert.True(outcomes.GetValueOrDefault(FrameOutcome.Decoded) > 0);
        Assert.True(outcomes.GetValueOrDefault(FrameOutcome.Failed) > 0);
    }

    [Fact]
    public void Mutated_compressed_frames_never_throw()
    {
        var random = new Random(5);
        var codec = FeedCodecs.CreateCodec(FeedProtocol.Protobuf, _registry);
        var batch = new PriceUpdateBatch();
        var valid = Encode(FeedCodecs.CreateEncoder(FeedProtocol.Protobuf), Sample, 1, ReceivedAt);

        var failures = 0;
        for (var round = 0; round < Rounds; round++)
        {
            failures += AssertCleanOutcome(codec, Mutate(valid, random), FrameKind.Binary, batch) == FrameOutcome.Failed ? 1 : 0;
        }

        Assert.True(failures > Rounds / 2);
    }

    [Fact]
    public void Inflaters_agree_on_mutated_streams()
    {
        var random = new Random(6);
        using var native = new NativeZlibInflater();
        using var fallback = new StreamZlibInflater();
        var valid = Zlib(Inflate(Encode(FeedCodecs.CreateEncoder(FeedProtocol.Protobuf), Sample)));

        for (var round = 0; round < Rounds / 4; round++)
        {
            var frame = Mutate(valid, random);
            var nativeStatus = native.Inflate(frame, 1 << 20, out var nativeBytes);
            var fallbackStatus = fallback.Inflate(frame, 1 << 20, out var fallbackBytes);
            if (nativeStatus == InflateStatus.Inflated && fallbackStatus == InflateStatus.Inflated)
            {
                Assert.True(nativeBytes.SequenceEqual(fallbackBytes));
            }
        }

        // A cut-short stream is corrupt for both.
        for (var length = 1; length < valid.Length; length++)
        {
            Assert.Equal(InflateStatus.Corrupt, native.Inflate(valid.AsSpan(0, length), 1 << 20, out _));
            Assert.Equal(InflateStatus.Corrupt, fallback.Inflate(valid.AsSpan(0, length), 1 << 20, out _));
        }
    }

    private static FrameOutcome AssertCleanOutcome(IFeedCodec codec, byte[] frame, FrameKind kind, PriceUpdateBatch batch)
    {
        batch.Clear();
        var result = codec.Decode(frame, kind, Context, batch);
        switch (result.Outcome)
        {
            case FrameOutcome.Failed:
                Assert.Equal(0, batch.Count);
                Assert.NotNull(result.Error);
                Assert.False(string.IsNullOrEmpty(result.Detail));
                break;
            case FrameOutcome.Ignored:
                Assert.Equal(0, batch.Count);
                break;
            default:
                foreach (var update in batch.Updates)
                {
                    Assert.True(update.Bid.HasValue || update.Ask.HasValue);
                    Assert.NotNull(StandardInstruments.Find(update.Symbol));
                }

                break;
        }

        return result.Outcome;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = new List<byte>(valid);
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits && bytes.Count > 0; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
