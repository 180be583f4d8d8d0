namespace Tickwatch.Market.Health;

/// <summary>One run of the health monitor: the store and market-data freshness, kept for diagnostics.</summary>
/// <param name="At">When the check ran.</param>
/// <param name="Store">The store probe.</param>
/// <param name="MarketData">Fresh symbols of all.</param>
/// <param name="MarketDataHealthy">At least <c>Health:MinFreshFraction</c> of the symbols were fresh.</param>
public sealed record HealthMonitorResult(DateTimeOffset At, StoreStatus Store, FreshnessTally MarketData, bool MarketDataHealthy)
{
    /// <summary>The store is usable and enough symbols are fresh.</summary>
    public bool Healthy => Store.Healthy && MarketDataHealthy;
}
