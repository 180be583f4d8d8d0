using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>AutoCutoff's log lines (event ids 7000–7039: watcher 7000–7019, margin-call e-mail 7020–7029).</summary>
internal static partial class AutoCutoffLog
{
    [LoggerMessage(EventId = 7000, EventName = "AutoCutoffWatching", Level = LogLevel.Information,
        Message = "AutoCutoff watching portfolios as {Owner}: margin calls at most every {Interval}, stop-out lock {LockTtl}, margin-call e-mail to {Destination}")]
    public static partial void Watching(ILogger logger, string owner, TimeSpan interval, TimeSpan lockTtl, string destination);

    [LoggerMessage(EventId = 7001, EventName = "AutoCutoffMarginCall", Level = LogLevel.Warning,
        Message = "Margin call on {Account}: margin level {MarginLevel} % (cutoff {Cutoff} %, liquidation {Liquidation} %), equity {Equity}; e-mail {Outcome}")]
    public static partial void MarginCall(ILogger logger, AccountId account, decimal marginLevel, decimal cutoff, decimal liquidation, decimal equity, string outcome);

    [LoggerMessage(EventId = 7002, EventName = "AutoCutoffHeld", Level = LogLevel.Warning,
        Message = "AutoCutoff holds {Account} ({Reason}): {Detail}")]
    public static partial void Held(ILogger logger, string account, string reason, string detail);

    [LoggerMessage(EventId = 7003, EventName = "AutoCutoffStopOutStarted", Level = LogLevel.Warning,
        Message = "Stop-out of {Account} started under fence {Fence}: margin level {MarginLevel} % below its liquidation level {Liquidation} %, equity {Equity}, used margin {UsedMargin}")]
    public static partial void StopOutStarted(ILogger logger, AccountId account, long fence, decimal? marginLevel, decimal liquidation, decimal? equity, decimal? usedMargin);

    [LoggerMessage(EventId = 7004, EventName = "AutoCutoffPositionClosed", Level = LogLevel.Warning,
        Message = "Stop-out of {Account} closed {OrderId} ({Symbol}, net {NetProfit}) at margin level {MarginLevel} %")]
    public static partial void PositionClosed(ILogger logger, AccountId account, string orderId, string symbol, decimal netProfit, decimal? marginLevel);

    [LoggerMessage(EventId = 7005, EventName = "AutoCutoffStopOutFinished", Level = LogLevel.Information,
        Message = "Stop-out of {Account} ended ({Outcome}) after {Closes} closes: margin level {MarginLevel} %")]
    public static partial void StopOutFinished(ILogger logger, AccountId account, string outcome, int closes, decimal? marginLevel);

    [LoggerMessage(EventId = 7006, EventName = "AutoCutoffStopOutBusy", Level = LogLevel.Information,
        Message = "Stop-out of {Account} not started here: its lock is held ({Holder})")]
    public static partial void StopOutBusy(ILogger logger, AccountId account, string holder);

    [LoggerMessage(EventId = 7007, EventName = "AutoCutoffStopOutLost", Level = LogLevel.Error,
        Message = "Stop-out of {Account} lost its lock (fence {Fence}): it stops; nothing more is closed under it")]
    public static partial void StopOutLost(ILogger logger, AccountId account, long fence);

    [LoggerMessage(EventId = 7008, EventName = "AutoCutoffCloseRefused", Level = LogLevel.Warning,
        Message = "Stop-out of {Account} could not close {OrderId}: {Refusal} {Detail}")]
    public static partial void CloseRefused(ILogger logger, AccountId account, string orderId, string refusal, string detail);

    [LoggerMessage(EventId = 7009, EventName = "AutoCutoffRecordFailed", Level = LogLevel.Warning,
        Message = "AutoCutoff decision {Decision} of {Account} not appended to the ledger outbox: {Error}")]
    public static partial void RecordFailed(ILogger logger, string decision, string account, string error);

    [LoggerMessage(EventId = 7010, EventName = "AutoCutoffActionFailed", Level = LogLevel.Error,
        Message = "AutoCutoff action on {Account} failed; the next portfolio decides again: {Error}")]
    public static partial void ActionFailed(ILogger logger, Exception exception, AccountId account, string error);

    [LoggerMessage(EventId = 7011, EventName = "AutoCutoffReleased", Level = LogLevel.Information,
        Message = "AutoCutoff acts on {Account} again: its figures are fresh ({Zone})")]
    public static partial void Released(ILogger logger, AccountId account, AutoCutoffZone zone);

    [LoggerMessage(EventId = 7012, EventName = "AutoCutoffNoAddress", Level = LogLevel.Warning,
        Message = "Margin call on {Account} cannot be e-mailed: the account has no e-mail address")]
    public static partial void NoAddress(ILogger logger, AccountId account);

    [LoggerMessage(EventId = 7013, EventName = "AutoCutoffProviderCloseRequested", Level = LogLevel.Warning,
        Message = "Stop-out of {Account} asked the liquidity provider to close {OrderId} ({Symbol}, net {NetProfit}) at margin level {MarginLevel} %; waiting for its report")]
    public static partial void ProviderCloseRequested(ILogger logger, AccountId account, string orderId, string symbol, decimal netProfit, decimal? marginLevel);

    [LoggerMessage(EventId = 7014, EventName = "AutoCutoffProviderCloseTimedOut", Level = LogLevel.Error,
        Message = "Stop-out of {Account} holds: the liquidity provider sent no report on close {ClientOrderId} of {OrderId} within {Timeout}")]
    public static partial void ProviderCloseTimedOut(ILogger logger, AccountId account, string orderId, string clientOrderId, TimeSpan timeout);

    [LoggerMessage(EventId = 7015, EventName = "AutoCutoffProviderCloseRejected", Level = LogLevel.Warning,
        Message = "Stop-out of {Account} holds: the liquidity provider rejected close {ClientOrderId} of {OrderId}: {Reason}")]
    public static partial void ProviderCloseRejected(ILogger logger, AccountId account, string orderId, string clientOrderId, string reason);

    [LoggerMessage(EventId = 7016, EventName = "AutoCutoffProviderCloseAwaited", Level = LogLevel.Information,
        Message = "Stop-out of {Account} waits for the close {ClientOrderId} of {OrderId} already outstanding at the liquidity provider")]
    public static partial void ProviderCloseAwaited(ILogger logger, AccountId account, string orderId, string clientOrderId);

    [LoggerMessage(EventId = 7020, EventName = "MarginCallMailWritten", Level = LogLevel.Information,
        Message = "Margin-call e-mail to {Account} written to {Path} (no SMTP server configured)")]
    public static partial void MailWritten(ILogger logger, AccountId account, string path);

    [LoggerMessage(EventId = 7021, EventName = "MarginCallMailSent", Level = LogLevel.Information,
        Message = "Margin-call e-mail to {Account} sent through {Destination}")]
    public static partial void MailSent(ILogger logger, AccountId account, string destination);

    [LoggerMessage(EventId = 7022, EventName = "MarginCallMailRetry", Level = LogLevel.Warning,
        Message = "Margin-call e-mail to {Account} failed (try {Attempt} of {Attempts}), next try in {Delay}: {Error}")]
    public static partial void MailRetry(ILogger logger, AccountId account, int attempt, int attempts, TimeSpan delay, string error);

    [LoggerMessage(EventId = 7023, EventName = "MarginCallMailFailed", Level = LogLevel.Error,
        Message = "Margin-call e-mail to {Account} given up after {Attempts} tries: {Error}")]
    public static partial void MailFailed(ILogger logger, AccountId account, int attempts, string error);

    [LoggerMessage(EventId = 7024, EventName = "MarginCallMailDropped", Level = LogLevel.Error,
        Message = "Margin-call e-mail to {Account} dropped: the mail queue is full ({Size})")]
    public static partial void MailDropped(ILogger logger, AccountId account, int size);
}
