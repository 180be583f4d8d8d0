using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Health;

/// <summary>The health monitor's log lines, source-generated with stable event ids.</summary>
/// <remarks>The 💊 and 🚨 texts are the operators' guide's; operators grep for them, so they must not change.</remarks>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 2200, EventName = "HealthCheck",
        Message = "💊 Health Check - Redis: {StoreMark} ({StoreDetail}), Market data: {MarketDataMark} {Fresh}/{Total} fresh ({FreshPercent:F1}%)")]
    public static partial void HealthCheck(
        ILogger logger, LogLevel level, string storeMark, string storeDetail, string marketDataMark, int fresh, int total, double freshPercent);

    [LoggerMessage(EventId = 2201, EventName = "StoreNotResponding", Level = LogLevel.Critical,
        Message = "🚨 CRITICAL: Redis cluster is not responding! ({Detail})")]
    public static partial void StoreNotResponding(ILogger logger, string detail);

    [LoggerMessage(EventId = 2202, EventName = "NoFreshMarketData", Level = LogLevel.Critical,
        Message = "🚨 CRITICAL: No fresh market data available! (0 of {Total} symbols fresh)")]
    public static partial void NoFreshMarketData(ILogger logger, int total);
}
