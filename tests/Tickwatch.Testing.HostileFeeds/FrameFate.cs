namespace Tickwatch.Testing.HostileFeeds;

/// <summary>What a listener does with one frame, as far as its counters show.</summary>
public enum FrameFate
{
    /// <summary>Decoded: its prices go to the sink, its bad entries are counted.</summary>
    Decoded,

    /// <summary>Refused as a whole with one parse-error category (plus any entry errors read before the failure).</summary>
    Failed,

    /// <summary>Counted as ignored: another message type, or the other protocol's frame type.</summary>
    Ignored,

    /// <summary>Ends the connection (a text frame that is not UTF-8 breaks the WebSocket protocol); the listener reconnects.</summary>
    DropsConnection,
}
