using Microsoft.Extensions.Logging;

namespace Tickwatch.Gateway.Streaming;

/// <summary>The log lines of order event resume and gap filling on the stream's <c>portfolio</c> channel (event ids 4044–4047).</summary>
internal static partial class ResumeLog
{
    [LoggerMessage(EventId = 4044, EventName = "StreamOrdersReplayed", Level = LogLevel.Information,
        Message = "Stream client {ClientId} of {Account} resumed after order event {SinceSeq}: {Count} missed events replayed, now at {Seq}")]
    public static partial void Replayed(ILogger logger, long clientId, string account, long sinceSeq, int count, long seq);

    [LoggerMessage(EventId = 4045, EventName = "StreamOrdersReset", Level = LogLevel.Information,
        Message = "Stream client {ClientId} of {Account} at order event {SinceSeq} told orders_reset at {Seq}: {Reason}; it reloads its orders")]
    public static partial void Reset(ILogger logger, long clientId, string account, long sinceSeq, long seq, string reason);

    [LoggerMessage(EventId = 4046, EventName = "StreamOrderGapFilled", Level = LogLevel.Warning,
        Message = "Order events {From}..{To} of {Account} were not heard on order_updates (a publisher gone between commit and publish, or a lost message): {Count} sent from order_events")]
    public static partial void GapFilled(ILogger logger, string account, long from, long to, int count);

    [LoggerMessage(EventId = 4047, EventName = "StreamOrderEventsReadFailed", Level = LogLevel.Warning,
        Message = "Order events of {Account} after {SinceSeq} could not be read: {Reason}; its {Clients} waiting clients are told orders_reset")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string account, long sinceSeq, int clients, string reason);
}
