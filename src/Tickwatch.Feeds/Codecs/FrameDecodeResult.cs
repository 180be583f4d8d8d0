namespace Tickwatch.Feeds.Codecs;

/// <summary>Outcome of decoding one frame; <see cref="Error"/> and <see cref="Detail"/> are set when it failed, <see cref="Control"/> when it was a control message.</summary>
public readonly record struct FrameDecodeResult(FrameOutcome Outcome, ParseErrorCategory? Error = null, string? Detail = null, FeedControl? Control = null)
{
    public static FrameDecodeResult Decoded { get; } = new(FrameOutcome.Decoded);

    public static FrameDecodeResult Ignored { get; } = new(FrameOutcome.Ignored);

    public static FrameDecodeResult Fail(ParseErrorCategory error, string detail) => new(FrameOutcome.Failed, error, detail);

    /// <summary>A control message: no prices for the book and no error, so it is <see cref="FrameOutcome.Ignored"/> with what it said (<paramref name="detail"/>: the venue's words, for a log line).</summary>
    public static FrameDecodeResult ControlMessage(FeedControl control, string? detail = null) => new(FrameOutcome.Ignored, Detail: detail, Control: control);
}
