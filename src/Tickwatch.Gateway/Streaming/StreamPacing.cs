namespace Tickwatch.Gateway.Streaming;

/// <summary>How a client's messages of prices are spaced (<c>Gateway:Stream:Pacing</c>).</summary>
public enum StreamPacing
{
    /// <summary>
    /// A price for an idle client goes at once unless its last message went out less than <see cref="StreamOptions.MinSendGap"/>
    /// ago; as the gateway's load rises (or the client falls behind) messages are spaced further apart, up to
    /// <see cref="StreamOptions.MaxBatchDelay"/>.
    /// </summary>
    Adaptive,

    /// <summary>At most one message per <see cref="StreamOptions.SendInterval"/> slot, whatever the load (the stream before adaptive pacing).</summary>
    Fixed,
}
