using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The provider pending monitor's log lines (event ids 7400–7449).</summary>
internal static partial class ProviderPendingMonitorLog
{
    [LoggerMessage(EventId = 7400, Level = LogLevel.Information, Message = "Provider pending monitor watching {Orders} resting provider orders, checked every {IntervalMs} ms, the store scanned every {RescanMs} ms")]
    public static partial void Watching(ILogger logger, int orders, long intervalMs, long rescanMs);

    [LoggerMessage(EventId = 7401, Level = LogLevel.Warning, Message = "Provider pending monitor cancels order {OrderId} of {Account} ({Symbol}): free margin {FreeMargin} at {Bid}/{Ask}, price age {AgeMs} ms")]
    public static partial void CancelSent(ILogger logger, string orderId, string account, string symbol, decimal? freeMargin, decimal? bid, decimal? ask, long? ageMs);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning, Message = "Provider pending monitor's cancel of order {OrderId} of {Account} refused: {Reason}")]
    public static partial void CancelRefused(ILogger logger, string orderId, string account, string reason);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Warning, Message = "Provider pending monitor holds order {OrderId} of {Account} ({Symbol}), {HoldReason}: {Reason}")]
    public static partial void Held(ILogger logger, string orderId, string account, string symbol, string holdReason, string reason);

    [LoggerMessage(EventId = 7404, Level = LogLevel.Error, Message = "Provider pending monitor's check of {Account} failed; the next pass tries again")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string account);

    [LoggerMessage(EventId = 7405, Level = LogLevel.Error, Message = "Provider pending monitor's scan of the store failed; it watches orders as they are committed and scans again next pass")]
    public static partial void ScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7406, Level = LogLevel.Warning, Message = "Provider pending monitor's cancel of order {OrderId} of {Account} is committed but the link could not take it; it stays outstanding and goes with the re-send at the next connect")]
    public static partial void CancelQueued(ILogger logger, string orderId, string account);

    [LoggerMessage(EventId = 7407, Level = LogLevel.Warning, Message = "Provider pending monitor finds order {OrderId} of {Account} resting after its one cancel (the provider refused it); it is not cancelled again")]
    public static partial void CancelUsed(ILogger logger, string orderId, string account);

    [LoggerMessage(EventId = 7408, Level = LogLevel.Information, Message = "Provider pending monitor's scan of the store: {Added} resting orders added, {Dropped} dropped, {Watched} watched")]
    public static partial void Rescanned(ILogger logger, int added, int dropped, int watched);
}
