namespace Tickwatch.Feeds.Codecs;

/// <summary>Why a frame, or one price inside it, could not be used. Counted per feed.</summary>
public enum ParseErrorCategory
{
    /// <summary>Not valid JSON, or JSON cut short.</summary>
    MalformedJson,

    /// <summary>Valid syntax but not the protocol's shape (an array where an object belongs, a number where a string belongs).</summary>
    UnexpectedShape,

    /// <summary>A price that is neither a number nor a string holding one.</summary>
    InvalidNumber,

    /// <summary>NaN or an infinity.</summary>
    NonFiniteNumber,

    /// <summary>A price entry with neither side.</summary>
    EmptyPrice,

    /// <summary>A symbol not in the catalogue, or not a well-formed name.</summary>
    UnknownSymbol,

    /// <summary>The zlib stream is corrupt or cut short.</summary>
    BadCompression,

    /// <summary>The protobuf message is cut short or has an impossible field.</summary>
    MalformedProtobuf,

    /// <summary>The frame, or what it inflates to, exceeds the size limit.</summary>
    OversizedFrame,

    /// <summary>A frame with no payload.</summary>
    EmptyFrame,
}
