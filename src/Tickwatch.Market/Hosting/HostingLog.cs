using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Hosting;

/// <summary>The market service's request log lines, source-generated with stable event ids (2600–2609).</summary>
internal static partial class HostingLog
{
    // Same text as the gateway's line, so one grep for "[id]" follows a request through both.
    [LoggerMessage(EventId = 2600, EventName = "Request",
        Message = "HTTP {Method} {Path} -> {StatusCode} in {ElapsedMs:F1} ms [{CorrelationId}]")]
    public static partial void Request(ILogger logger, LogLevel level, string method, string path, int statusCode, double elapsedMs, string correlationId);

    [LoggerMessage(EventId = 2601, EventName = "RequestFailed", Level = LogLevel.Error,
        Message = "HTTP {Method} {Path} failed after {ElapsedMs:F1} ms [{CorrelationId}]")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path, double elapsedMs, string correlationId);
}
