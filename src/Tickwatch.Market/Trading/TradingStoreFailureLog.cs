using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Trading;

/// <summary>The trading routes' log line for a store failure outside an order action (event id 2640).</summary>
internal static partial class TradingStoreFailureLog
{
    [LoggerMessage(EventId = 2640, EventName = "TradingRouteStoreFailed", Level = LogLevel.Warning,
        Message = "Trading route {Route} for {Account} failed on the store, answered 503 STORE_UNAVAILABLE: {Error}")]
    public static partial void RouteFailed(ILogger logger, Exception exception, string route, string account, string error);
}
