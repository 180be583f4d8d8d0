using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.Orders;

/// <summary>The order announcer's log lines (event ids 6300–6309).</summary>
internal static partial class OrderAnnouncerLog
{
    [LoggerMessage(EventId = 6300, EventName = "OrderAnnouncementFailed", Level = LogLevel.Warning,
        Message = "Order {OrderId} of {Account} was committed but not announced on order_updates; its stream clients learn of it from their portfolio: {Error}")]
    public static partial void Failed(ILogger logger, Exception exception, string orderId, string account, string error);
}
