using Tickwatch.Feeds.Codecs;

namespace Tickwatch.LoadHarness;

/// <summary>
/// A replay script pre-encoded in one protocol, by the real encoder. Writing a frame only copies it
/// and patches in its sequence and source time, so the replay server costs next to nothing and
/// every frame still carries the next sequence of its connection.
/// </summary>
internal abstract class ReplayFrames
{
    /// <summary>The first sequence of a connection: ten digits, so the JSON frames can be patched in place.</summary>
    public const long FirstSequence = 1_000_000_001;

    protected ReplayFrames(ReplayScript script)
    {
        Script = script;
    }

    public ReplayScript Script { get; }

    public int Count => Script.Frames.Count;

    public abstract FrameKind Kind { get; }

    /// <summary>An upper bound of any frame's length.</summary>
    public abstract int MaxLength { get; }

    public static ReplayFrames Create(FeedProtocol protocol, ReplayScript script) => protocol switch
    {
        FeedProtocol.Json => new JsonReplayFrames(script),
        FeedProtocol.Protobuf => new ProtobufReplayFrames(script),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "No replay for this protocol."),
    };

    public int Prices(int frame) => Script.Frames[frame].Length;

    /// <summary>Writes frame <paramref name="frame"/> of the loop with its sequence and time; returns its length.</summary>
    public abstract int Write(int frame, long sequence, long unixMilliseconds, Span<byte> destination);
}
