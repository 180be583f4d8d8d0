using Microsoft.Extensions.Logging;

namespace Tickwatch.Hosting.Correlation;

/// <summary>The request log lines of every role, source-generated with stable event ids (2600–2609, and the gateway's 4000).</summary>
internal static partial class RequestLog
{
    // Same text in every role, so one grep for "[id]" follows a request through the gateway and the market service.
    [LoggerMessage(EventId = 5000, EventName = "Request",
        Message = "HTTP {Method} {Path} -> {StatusCode} in {ElapsedMs:F1} ms [{CorrelationId}]")]
    public static partial void Request(ILogger logger, LogLevel level, string method, string path, int statusCode, double elapsedMs, string correlationId);

    // The gateway's line names the client as well; its event id is the one its operators already filter on.
    [LoggerMessage(EventId = 5002, EventName = "ClientRequest",
        Message = "HTTP {Method} {Path} -> {StatusCode} in {ElapsedMs:F1} ms [{CorrelationId}] {Client}")]
    public static partial void ClientRequest(ILogger logger, LogLevel level, string method, string path, int statusCode, double elapsedMs, string correlationId, string client);

    [LoggerMessage(EventId = 5001, EventName = "RequestFailed", Level = LogLevel.Error,
        Message = "HTTP {Method} {Path} failed after {ElapsedMs:F1} ms [{CorrelationId}]")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path, double elapsedMs, string correlationId);
}
