using Tickwatch.Gateway.Streaming;

namespace Tickwatch.GatewayHarness;

/// <summary>One step and pacing of <c>--source cluster</c>: what the clients saw, what the gateway spent, and the final check against the store.</summary>
internal sealed record ClusterStepResult(
    int Clients,
    int SymbolsPerClient,
    StreamPacing Pacing,
    double WindowSeconds,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    long TimedPrices,
    double PricesPerSecond,
    double MessagesPerSecond,
    double AnnouncedPerSecond,
    double? GatewayCores,
    double? CpuMicrosPerPrice,
    double? CpuMicrosPerMessage,
    long MessagesSentAtOnce,
    long MessagesCoalesced,
    double MeanLoadFactor,
    double MaxLoadFactor,
    double MeanBacklog,
    long ClientsDroppedSlow,
    long NotNewer,
    int CheckedPairs,
    int Mismatches,
    int Misread,
    double SettledSeconds,
    int ClientsEnded,
    string LoadAverage)
{
    /// <summary>Whether every client held the stored last price of each symbol, nothing went backwards and nobody was dropped.</summary>
    public bool Passed => Mismatches == 0 && Misread == 0 && NotNewer == 0 && ClientsEnded == 0;
}
