using System.Buffers;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>
/// A seeded, reproducible stream of one protocol's frames: valid prices interleaved with mutated and malicious frames, each
/// with the outcome the listener must show. The same seed gives the same frames (time is the caller's frozen fake clock).
/// </summary>
/// <remarks>
/// Every kind of frame but one knows its outcome from how it was made. A random bit flip does not (it may still be valid,
/// change a price, or break anything); those frames are classified by decoding them once with a separate instance of
/// the listener's codec, so the run still checks that the listener counts each exactly as decoded. Every other frame is
/// decoded the same way too, and a codec that disagrees with the generator is reported as a finding.
/// </remarks>
public abstract class HostileFrameSource
{
    /// <summary>The sequence of the final prices: far beyond any sequence a mutated frame may have raised in the session.</summary>
    public const long FinalSequence = 1L << 62;

    private (string Kind, int Weight, Func<HostileFrame> Make)[]? _kinds;
    private int _totalWeight;
    private readonly IFeedCodec _oracle;
    private readonly PriceUpdateBatch _batch = new();
    private readonly TimeProvider _time;
    private long _sequence;
    private long _generated;
    private int _opened;

    protected HostileFrameSource(FeedProtocol protocol, int seed, SymbolRegistry registry, TimeProvider time, TimeSpan maxClockSkew, int maxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Protocol = protocol;
        Random = new Random(seed);
        Walk = new PriceWalk(Random);
        _time = time;
        MaxClockSkew = maxClockSkew;
        MaxFrameBytes = maxFrameBytes;
        Encoder = FeedCodecs.CreateEncoder(protocol);
        _oracle = FeedCodecs.CreateCodec(protocol, registry);
    }

    public FeedProtocol Protocol { get; }

    /// <summary>Frames whose generator's outcome and the codec's differ: "kind: expected …, decoded …".</summary>
    public List<string> Disagreements { get; } = [];

    /// <summary>How many frames disagreed (the list keeps the first few).</summary>
    public int DisagreementCount { get; private set; }

    protected Random Random { get; }

    protected PriceWalk Walk { get; }

    protected IFeedFrameEncoder Encoder { get; }

    protected TimeSpan MaxClockSkew { get; }

    protected int MaxFrameBytes { get; }

    /// <summary>The source time valid frames carry: the frozen fake clock.</summary>
    protected long NowMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// The next frame, with its outcome; the first (on a one-symbol-per-frame protocol, the first few) carry a valid price of
    /// every symbol, so every later hostile one has a live price to be judged against.
    /// </summary>
    public HostileFrame Next()
    {
        HostileFrame frame;
        _generated++;
        if (_opened < PriceWalk.Symbols.Count)
        {
            frame = PricesPerFrame >= PriceWalk.Symbols.Count
                ? ValidFrame(Walk.NextMany(PriceWalk.Symbols.Count, allowPartial: false))
                : ValidFrame([.. Enumerable.Range(_opened, Math.Min(PricesPerFrame, PriceWalk.Symbols.Count - _opened)).Select(Walk.Next)]);
            _opened += frame.Expected!.Updates;
        }
        else
        {
            if (_kinds is null)
            {
                _kinds = [.. Kinds()];
                _totalWeight = _kinds.Sum(k => k.Weight);
            }

            var pick = Random.Next(_totalWeight);
            var i = 0;
            while (pick >= _kinds[i].Weight)
            {
                pick -= _kinds[i++].Weight;
            }

            frame = _kinds[i].Make();
        }

        if (frame.Expected is { Fate: FrameFate.DropsConnection })
        {
            return frame;
        }

        var decoded = Decode(frame);
        if (frame.Expected is null)
        {
            return frame with { Expected = decoded };
        }

        if (!frame.Expected.SameAs(decoded))
        {
            DisagreementCount++;
            if (Disagreements.Count < 20)
            {
                Disagreements.Add($"{frame.Kind} (frame {_generated}, {frame.Payload.Length} bytes): expected {frame.Expected.Describe()}, the codec decodes {decoded.Describe()}");
            }
        }

        return frame;
    }

    /// <summary>
    /// The final prices: a full quote of every symbol, with the newest sequence, in as few frames as the protocol allows;
    /// <paramref name="prices"/> is what the book must then show.
    /// </summary>
    public IReadOnlyList<HostileFrame> Finals(out IReadOnlyList<WirePrice> prices)
    {
        var final = Walk.NextMany(PriceWalk.Symbols.Count, allowPartial: false);
        prices = final;
        return [.. final.Chunk(PricesPerFrame).Select(chunk =>
            new HostileFrame("final", Encode(chunk, FinalSequence, NowMilliseconds), Encoder.FrameKind == FrameKind.Binary, FrameExpectation.Decoded(chunk.Length)))];
    }

    /// <summary>The most prices one frame carries (Binance: one symbol per frame).</summary>
    protected virtual int PricesPerFrame => int.MaxValue;

    /// <summary>The kinds of frame this protocol's generator makes, with their weights.</summary>
    protected abstract IEnumerable<(string Kind, int Weight, Func<HostileFrame> Make)> Kinds();

    protected long NextSequence() => ++_sequence;

    /// <summary>A frame of valid prices, written by the project's own encoder (as the quote hub writes them).</summary>
    protected HostileFrame ValidFrame(WirePrice[] prices, string kind = "valid") =>
        new(kind, Encode(prices, NextSequence(), NowMilliseconds), Encoder.FrameKind == FrameKind.Binary, FrameExpectation.Decoded(prices.Length));

    protected byte[] Encode(ReadOnlySpan<WirePrice> prices, long sequence, long sourceMilliseconds)
    {
        var output = new ArrayBufferWriter<byte>(256);
        Encoder.Encode(prices, sequence, DateTimeOffset.FromUnixTimeMilliseconds(sourceMilliseconds), output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Flips 1 to 3 random bits of a copy of <paramref name="payload"/>, only among the low <paramref name="bits"/> bits of each byte.</summary>
    protected byte[] FlipBits(byte[] payload, int bits = 8)
    {
        var copy = (byte[])payload.Clone();
        var flips = Random.Next(1, 4);
        for (var i = 0; i < flips; i++)
        {
            copy[Random.Next(copy.Length)] ^= (byte)(1 << Random.Next(bits));
        }

        return copy;
    }

    /// <summary>What the listener's reader and codec make of <paramref name="frame"/>, in the context the listener gives it.</summary>
    private FrameExpectation Decode(HostileFrame frame)
    {
        if (frame.Payload.Length > MaxFrameBytes)
        {
            return FrameExpectation.Failed(ParseErrorCategory.OversizedFrame);
        }

        _batch.Clear();
        var context = new DecodeContext("oracle", 1, _time.GetUtcNow(), MaxClockSkew);
        var result = _oracle.Decode(frame.Payload, frame.Binary ? FrameKind.Binary : FrameKind.Text, context, _batch);
        var entryErrors = _batch.Errors.ToArray().Select(e => e.Category).ToArray();
        return result.Outcome switch
        {
            FrameOutcome.Ignored => new FrameExpectation(FrameFate.Ignored, null, entryErrors, 0),
            FrameOutcome.Decoded => FrameExpectation.Decoded(_batch.Count, entryErrors),

            // The reader counts a failure without a category as unexpected_shape.
            _ => new FrameExpectation(FrameFate.Failed, result.Error ?? ParseErrorCategory.UnexpectedShape, entryErrors, 0),
        };
    }
}
