namespace Tickwatch.Simulators.ExecGateway;

/// <summary>Body of <c>GET /control/status</c>.</summary>
/// <param name="Now">The gateway's clock.</param>
/// <param name="StartedAt">When the gateway was built.</param>
/// <param name="Connections">Open link connections.</param>
/// <param name="Requests">Requests handled, by message type (<c>new_order</c>, <c>close</c>, <c>cancel</c>, <c>modify</c>).</param>
/// <param name="RepeatedRequests">Requests whose <c>cl_ord_id</c> was seen before, answered with their reports again.</param>
/// <param name="Reports">Reports made, by <c>ord_status</c> (each once, however often it is written).</param>
/// <param name="FramesDecoded">Frames that decoded into a message.</param>
/// <param name="FramesRefused">Frames that did not, by category (<c>invalid_msgpack</c>, <c>oversized</c>, …).</param>
/// <param name="OversizedDrops">Connections dropped for announcing an oversized frame.</param>
/// <param name="SlowDrops">Connections dropped because their report queue was full.</param>
/// <param name="Resting">Limit and stop orders resting.</param>
/// <param name="Undelivered">Reports made while no connection was open, waiting for the next one.</param>
/// <param name="PricedSymbols">Symbols with a known price.</param>
/// <param name="Controls">The behaviour in force.</param>
public sealed record ExecGatewayStatus(
    DateTimeOffset Now,
    DateTimeOffset StartedAt,
    IReadOnlyList<LinkConnectionView> Connections,
    IReadOnlyDictionary<string, long> Requests,
    long RepeatedRequests,
    IReadOnlyDictionary<string, long> Reports,
    long FramesDecoded,
    IReadOnlyDictionary<string, long> FramesRefused,
    long OversizedDrops,
    long SlowDrops,
    int Resting,
    int Undelivered,
    int PricedSymbols,
    ExecGatewayControls Controls);
