using Tickwatch.Trading.Engine;

namespace Tickwatch.Market.Dashboard;

/// <summary>The trading engine's running totals at one sample: what the dashboard's refusal and fill rates are made of.</summary>
/// <param name="Refusals">Requests refused since start, all reasons.</param>
/// <param name="Fills">Orders filled since start.</param>
public readonly record struct TradingReading(long Refusals, long Fills)
{
    public static TradingReading From(TradingStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new TradingReading(statistics.RefusalsByReason.Values.Sum(), statistics.Fills);
    }
}
