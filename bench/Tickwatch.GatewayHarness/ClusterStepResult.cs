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
    /// <summary>Whether the step ran, every client held the stored last price of each symbol, nothing went backwards and nobody was dropped.</summary>
    public bool Passed => Failure is null && Mismatches == 0 && Misread == 0 && NotNewer == 0 && ClientsEnded == 0;

    /// <summary>Why the step could not run or finish (e.g. too few file descriptors for its clients); null when it did.</summary>
    public string? Failure { get; init; }

    /// <summary>The path up to the gateway over the same window; null where the step did not get that far.</summary>
    public WholePathFigures? WholePath { get; init; }

    /// <summary>A step that did not run to its end, with the reason.</summary>
    public static ClusterStepResult Failed(int clients, int symbolsPerClient, StreamPacing pacing, string failure, string loadAverage) =>
        new(clients, symbolsPerClient, pacing, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, loadAverage)
        {
            Failure = failure,
        };
}
