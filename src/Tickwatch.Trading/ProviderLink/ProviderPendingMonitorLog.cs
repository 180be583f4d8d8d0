using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The provider pending monitor's log lines (event ids 7400–7449).</summary>
internal static partial class ProviderPendingMonitorLog
{
    [LoggerMessage(EventId = 7400, Level = LogLevel.Information, Message = "Provider pending monitor watching {Orders} resting provider orders, checked every {IntervalMs} ms")]
    public static partial void Watching(ILogger logger, int orders, long intervalMs);

    [LoggerMessage(EventId = 7401, Level = LogLevel.Warning, Message = "Provider pending monitor cancels order {OrderId} of {Account} ({Symbol}): free margin {FreeMargin} at {Bid}/{Ask}, price age {AgeMs} ms")]
    public static partial void CancelSent(ILogger logger, string orderId, string account, string symbol, decimal? freeMargin, decimal? bid, decimal? ask, long? ageMs);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning, Message = "Provider pending monitor's cancel of order {OrderId} of {Account} refused: {Reason}")]
    public static partial void CancelRefused(ILogger logger, string orderId, string account, string reason);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Warning, Message = "Provider pending monitor holds order {OrderId} of {Account} ({Symbol}): {Reason}")]
    public static partial void Held(ILogger logger, string orderId, string account, string symbol, string reason);

    [LoggerMessage(EventId = 7404, Level = LogLevel.Error, Message = "Provider pending monitor's check of {Account} failed; the next pass tries again")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string account);

    [LoggerMessage(EventId = 7405, Level = LogLevel.Error, Message = "Provider pending monitor's start-up scan of the store failed; it watches orders as they are committed and scans again next pass")]
    public static partial void ScanFailed(ILogger logger, Exception exception);
}
