using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.Engine;

/// <summary>The engine's log lines (event ids 6000–6099).</summary>
internal static partial class TradingEngineLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Order {OrderId} of {Account} {Status}: {Type} {Volume} {Symbol} at {Price} (quote #{BookSequence} from {Feed}, {AgeMs} ms old)")]
    public static partial void Executed(ILogger logger, string orderId, string account, string status, string type, decimal volume, string symbol, decimal? price, long bookSequence, string feed, long ageMs);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Refused {Action} of {Account} on {Symbol}: {Reason} ({Detail})")]
    public static partial void Refused(ILogger logger, string action, string account, string symbol, string reason, string detail);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Order {OrderId} of {Account} closed {Volume} at {Price}: realised {Profit} (quote #{BookSequence} from {Feed}, {AgeMs} ms old)")]
    public static partial void Closed(ILogger logger, string orderId, string account, decimal volume, decimal price, decimal profit, long bookSequence, string feed, long ageMs);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Order {OrderId} of {Account} {Change}")]
    public static partial void Changed(ILogger logger, string orderId, string account, string change);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Provider {Action} of order {OrderId} of {Account} rejected: {Reason}")]
    public static partial void ProviderRequestRejected(ILogger logger, string action, string orderId, string account, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Provider executed close {ClientOrderId} of order {OrderId} of {Account} ({Volume} at {Price}), a close taken back after its send was refused: a reconnect's re-send got it there; the position is closed here too")]
    public static partial void WithdrawnCloseExecuted(ILogger logger, string clientOrderId, string orderId, string account, decimal volume, decimal? price);
}
