using Tickwatch.BenchSupport;

namespace Tickwatch.GatewayHarness;

/// <summary>What every client records into while recording is on: its counters and the three latency distributions.</summary>
internal sealed class DeliveryFigures
{
    public BenchCounters Counters { get; } = new();

    /// <summary>Client receipt minus the delivered price's <c>received_at</c>.</summary>
    public LatencyHistogram TickToClient { get; } = new();

    /// <summary>The gateway's <c>age_ms</c> of the delivered price: <c>received_at</c> to the gateway's write.</summary>
    public LatencyHistogram AgeAtSend { get; } = new();

    /// <summary>
    /// Client receipt minus the <c>received_at</c> of the previous price the same client got for the same symbol: the
    /// longest any tick it was not sent (conflated) can have waited until the client held it or a newer one.
    /// </summary>
    public LatencyHistogram Coverage { get; } = new();
}
