namespace Tickwatch.TradingHarness;

/// <summary>What the <see cref="HolderWatch"/> measured over one window.</summary>
/// <param name="Samples">Price updates sampled.</param>
/// <param name="Completed">Samples whose every holder's stored portfolio showed them in time.</param>
/// <param name="Unfinished">Samples some holder had not reached when the settle time ran out.</param>
/// <param name="OldestUnfinishedMs">Age of the oldest unfinished sample then.</param>
/// <param name="HoldersPending">Holders still missing over the unfinished samples.</param>
/// <param name="HoldersPerSymbol">Accounts holding a symbol, on average: how many portfolios one sample waits for.</param>
/// <param name="EveryHolder">Receipt to the last holder's portfolio in the store: the target's figure.</param>
/// <param name="EachHolder">Receipt to each holder's portfolio in the store.</param>
/// <param name="WritesSeen">Portfolio writes the store acknowledged in the window.</param>
/// <param name="DegradedWrites">Of those, degraded portfolios (no margin level).</param>
internal sealed record WatchFigures(
    long Samples,
    long Completed,
    int Unfinished,
    double OldestUnfinishedMs,
    int HoldersPending,
    int HoldersPerSymbol,
    LatencyFigures EveryHolder,
    LatencyFigures EachHolder,
    long WritesSeen,
    long DegradedWrites);
