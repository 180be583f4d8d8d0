using Tickwatch.Storage.Writing;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// One step's figures of the path up to the gateway, beside the stream's own (<see cref="ClusterStepResult"/>): what the
/// market received, accepted and stored per second, its tick-to-store latency over <see cref="TickToStoreWindowSeconds"/>
/// (its rolling window, read at the end of the measured window), CPU per accepted and per stored price, and every
/// process's CPU, memory and placement. The market exposes no tick-to-book latency, hence <see cref="TickToBook"/>.
/// </summary>
internal sealed record WholePathFigures(
    double MarketReceivedPerSecond,
    double MarketAcceptedPerSecond,
    double StoredPerSecond,
    LatencySummary TickToStore,
    double TickToStoreWindowSeconds,
    double? MarketMicrosPerAcceptedPrice,
    double? ClusterMicrosPerStoredPrice,
    IReadOnlyList<ProcessFigures> Processes)
{
    public const string NoTickToBook = "not exposed by the market service (it has tick-to-store only)";

    public string TickToBook => NoTickToBook;

    /// <summary>The rates as shares of the machine's limits measured in the same run; null when <c>--limits no</c>.</summary>
    public LimitRatios? OfLimits { get; init; }
}
