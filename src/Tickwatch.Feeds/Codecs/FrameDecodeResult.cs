namespace Tickwatch.Feeds.Codecs;

/// <summary>Outcome of decoding one frame; <see cref="Error"/> and <see cref="Detail"/> are set when it failed.</summary>
public readonly record struct FrameDecodeResult(FrameOutcome Outcome, ParseErrorCategory? Error = null, string? Detail = null)
{
    public static FrameDecodeResult Decoded { get; } = new(FrameOutcome.Decoded);

    public static FrameDecodeResult Ignored { get; } = new(FrameOutcome.Ignored);

    public static FrameDecodeResult Fail(ParseErrorCategory error, string detail) => new(FrameOutcome.Failed, error, detail);
}
