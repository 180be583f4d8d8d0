namespace Tickwatch.Simulators.QuoteHub;

/// <summary>One feed in <c>GET /control/status</c>.</summary>
/// <param name="Name">The feed's name.</param>
/// <param name="Protocol"><c>json</c> or <c>protobuf</c>.</param>
/// <param name="Path">Path of its WebSocket endpoint.</param>
/// <param name="Connections">Clients connected now.</param>
/// <param name="Sequence">Sequence of the last frame encoded; frames are only encoded while someone is connected.</param>
/// <param name="FramesSent">Frames handed to the connections (a duplicate counts twice).</param>
/// <param name="UpdatesSent">Prices in the frames encoded.</param>
/// <param name="FramesWritten">Frames written to sockets, summed over connections.</param>
/// <param name="FramesDropped">Frames slow connections dropped.</param>
/// <param name="Stalled">A stall fault is holding the feed.</param>
/// <param name="RefusingConnections">A drop fault with a duration is refusing new connections.</param>
/// <param name="Replay">Where the feed's replay of a recording is; null for a feed that carries the price model.</param>
public sealed record FeedStatus(
    string Name,
    string Protocol,
    string Path,
    int Connections,
    long Sequence,
    long FramesSent,
    long UpdatesSent,
    long FramesWritten,
    long FramesDropped,
    bool Stalled,
    bool RefusingConnections,
    ReplayStatus? Replay = null);
