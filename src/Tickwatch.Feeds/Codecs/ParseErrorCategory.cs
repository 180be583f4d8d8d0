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

    /// <summary>A source time further ahead of the local receipt time than the feed's <c>MaxClockSkew</c>: it would outrank every true price after it.</summary>
    FutureTimestamp,

    /// <summary>A source time that is not positive (the Unix epoch or before), or not an integer.</summary>
    InvalidTimestamp,

    /// <summary>The SBE message is cut short, has bytes after its end, or has an impossible field (a block length or a boolean the schema does not allow).</summary>
    MalformedSbe,

    /// <summary>An SBE message of a schema id or version the codec does not know (Binance spot streams: schema 1, version 0).</summary>
    UnsupportedSbeSchema,

    /// <summary>An SBE message whose template id the schema does not define.</summary>
    UnknownSbeTemplate,
}
