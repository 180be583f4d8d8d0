namespace Tickwatch.Trading.ProviderLink;

/// <summary>Why a frame of the provider link was refused; each is counted in <see cref="ProviderFrameCounters"/>.</summary>
public enum ProviderFrameError
{
    None,

    /// <summary>The length prefix exceeds the maximum frame size: the stream cannot be trusted, drop the connection.</summary>
    Oversized,

    /// <summary>A frame of length 0.</summary>
    Empty,

    /// <summary>The payload is not valid MessagePack (truncated, an unknown code, nested too deep).</summary>
    InvalidMessagePack,

    /// <summary>The payload is MessagePack but not a map.</summary>
    NotAMap,

    /// <summary>The <c>t</c> field names no message this side knows.</summary>
    UnknownMessageType,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A field has the wrong MessagePack type or a value out of its domain (a bad decimal, side, status, account).</summary>
    InvalidField,

    /// <summary>Bytes follow the message inside its frame.</summary>
    TrailingBytes,
}
