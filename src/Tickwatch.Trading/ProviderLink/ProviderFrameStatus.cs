namespace Tickwatch.Trading.ProviderLink;

/// <summary>What <see cref="ProviderFrameReader.TryRead"/> found at the front of the buffer.</summary>
public enum ProviderFrameStatus
{
    /// <summary>No whole frame yet: read more bytes and call again.</summary>
    NeedMoreData,

    /// <summary>A frame was decoded into a message.</summary>
    Message,

    /// <summary>A whole frame was consumed but did not decode; counted, the next frame can follow.</summary>
    Malformed,

    /// <summary>The length prefix exceeds the maximum: nothing was consumed and the connection must be dropped.</summary>
    Oversized,
}
