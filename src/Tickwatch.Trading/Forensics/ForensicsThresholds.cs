namespace Tickwatch.Trading.Forensics;

/// <summary>Where a difference becomes a finding (configuration section <c>Forensics</c>).</summary>
public sealed record ForensicsThresholds
{
    /// <summary>A client whose stream had this many newer prices of the symbol when it was sent the one it acted on is slow.</summary>
    public long SlowClientNewerPrices { get; init; } = 5;

    /// <summary>A view older than this (the price's age when shown, or the time from showing to the order) is stale.</summary>
    public TimeSpan StaleView { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Feeds whose mids differ by at least this many pips at the decision diverge.</summary>
    public decimal FeedDivergencePips { get; init; } = 2m;
}
