using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.Triggers;

/// <summary>The trigger service's log lines (event ids 6100–6199).</summary>
internal static partial class TriggerLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Trigger {Kind} of order {OrderId} of {Account} at {TriggerPrice} fired on {Symbol}: {Status} at {Price} (quote #{BookSequence} from {Feed}; {LatencyMs} ms after the crossing quote was received)")]
    public static partial void Fired(ILogger logger, string kind, string orderId, string account, decimal triggerPrice, string symbol, string status, decimal? price, long bookSequence, string feed, double latencyMs);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Trigger {Kind} of order {OrderId} of {Account} at {TriggerPrice} is crossed on {Symbol} and waits: {Reason} ({Detail}); it fires on the first fresh price that crosses")]
    public static partial void Waiting(ILogger logger, string kind, string orderId, string account, decimal triggerPrice, string symbol, string reason, string detail);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Trigger {Kind} of order {OrderId} of {Account} disarmed: the order is {Status} in the store")]
    public static partial void Dropped(ILogger logger, string kind, string orderId, string account, string status);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Triggers of group {Group} on {Symbol} are not evaluated: the group has no terms for the symbol")]
    public static partial void NoTerms(ILogger logger, string group, string symbol);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Trigger service armed {Armed} triggers from {Accounts} accounts: {Indexed} were in the index, {Dropped} index entries dropped (order no longer pending or open), {Restored} restored to the index")]
    public static partial void Loaded(ILogger logger, int armed, int accounts, int indexed, int dropped, int restored);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Trigger index write of {Trigger} failed; retrying in {DelayMs} ms: {Error}")]
    public static partial void IndexWriteFailed(ILogger logger, string trigger, double delayMs, string error);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Error, Message = "Firing the triggers crossed on {Symbol} failed; retrying in {DelayMs} ms: {Error}")]
    public static partial void FiringFailed(ILogger logger, string symbol, double delayMs, string error);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Trigger {Kind} of order {OrderId} of {Account} at {TriggerPrice} is crossed on {Symbol} and the engine refused it: {Reason} ({Detail}); it stays armed")]
    public static partial void Refused(ILogger logger, string kind, string orderId, string account, decimal triggerPrice, string symbol, string reason, string detail);
}
