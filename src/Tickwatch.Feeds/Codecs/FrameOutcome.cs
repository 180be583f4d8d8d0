namespace Tickwatch.Feeds.Codecs;

/// <summary>What became of a whole frame.</summary>
public enum FrameOutcome
{
    /// <summary>Parsed; its prices are in the batch (entries with bad values are listed as entry errors).</summary>
    Decoded,

    /// <summary>Not meant for the price book (another message type, a text frame on a binary feed).</summary>
    Ignored,

    /// <summary>Unusable as a whole; the batch holds no prices from it.</summary>
    Failed,
}
