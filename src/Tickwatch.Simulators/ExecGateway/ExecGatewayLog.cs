using Microsoft.Extensions.Logging;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>The execution gateway's log messages, source-generated, with stable event ids (8500–8899).</summary>
internal static partial class ExecGatewayLog
{
    [LoggerMessage(EventId = 8500, Level = LogLevel.Information, Message = "Execution gateway link connection {ConnectionId} opened from {Remote}")]
    public static partial void ConnectionOpened(this ILogger logger, long connectionId, string? remote);

    [LoggerMessage(EventId = 8501, Level = LogLevel.Information, Message = "Execution gateway link connection {ConnectionId} closed ({Reason}) after {Requests} requests and {Reports} reports")]
    public static partial void ConnectionClosed(this ILogger logger, long connectionId, string reason, long requests, long reports);

    [LoggerMessage(EventId = 8502, Level = LogLevel.Warning, Message = "Execution gateway refused link connection {ConnectionId}: {Reason}")]
    public static partial void ConnectionRefused(this ILogger logger, long connectionId, string reason);

    [LoggerMessage(EventId = 8510, Level = LogLevel.Warning, Message = "Execution gateway connection {ConnectionId} sent a frame that does not decode ({Category}): {Detail}")]
    public static partial void FrameRefused(this ILogger logger, long connectionId, string category, string? detail);

    [LoggerMessage(EventId = 8511, Level = LogLevel.Warning, Message = "Execution gateway connection {ConnectionId} announced an oversized frame ({Detail}); dropping the connection")]
    public static partial void FrameOversized(this ILogger logger, long connectionId, string? detail);

    [LoggerMessage(EventId = 8512, Level = LogLevel.Warning, Message = "Execution gateway connection {ConnectionId} sent a {MessageType}, which only the gateway sends; ignored")]
    public static partial void UnexpectedMessage(this ILogger logger, long connectionId, string messageType);

    [LoggerMessage(EventId = 8520, Level = LogLevel.Information, Message = "Execution gateway rejects orders of {Scope}: {Reason}")]
    public static partial void RejectSet(this ILogger logger, string scope, string reason);

    [LoggerMessage(EventId = 8522, Level = LogLevel.Information, Message = "Execution gateway no longer rejects orders of {Scope}")]
    public static partial void RejectCleared(this ILogger logger, string scope);

    [LoggerMessage(EventId = 8523, Level = LogLevel.Information, Message = "Execution gateway writes every report {Delay} late")]
    public static partial void DelaySet(this ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 8524, Level = LogLevel.Information, Message = "Execution gateway writes each report {Copies} times")]
    public static partial void CopiesSet(this ILogger logger, int copies);

    [LoggerMessage(EventId = 8525, Level = LogLevel.Information, Message = "Execution gateway's largest slippage is now {MaxSlippage}")]
    public static partial void SlippageSet(this ILogger logger, decimal maxSlippage);

    [LoggerMessage(EventId = 8526, Level = LogLevel.Information, Message = "Execution gateway reports paused: {Paused}")]
    public static partial void PauseSet(this ILogger logger, bool paused);

    [LoggerMessage(EventId = 8527, Level = LogLevel.Information, Message = "Execution gateway fills each new order in {Parts} partial fills")]
    public static partial void FillPartsSet(this ILogger logger, int parts);

    [LoggerMessage(EventId = 8521, Level = LogLevel.Warning, Message = "Execution gateway dropped {Count} link connections on request")]
    public static partial void ConnectionsDropped(this ILogger logger, int count);

    [LoggerMessage(EventId = 8530, Level = LogLevel.Warning, Message = "Execution gateway kept no report for {Count} orders: no connection was open and the undelivered queue is full")]
    public static partial void UndeliveredDropped(this ILogger logger, int count);
}
