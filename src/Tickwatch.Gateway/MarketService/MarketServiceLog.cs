using Microsoft.Extensions.Logging;

namespace Tickwatch.Gateway.MarketService;

/// <summary>The gateway's own watch of the market service, source-generated with stable event ids (4030–4039 of the gateway's 4000–4099).</summary>
internal static partial class MarketServiceLog
{
    [LoggerMessage(EventId = 4030, EventName = "MarketServiceLost", Level = LogLevel.Warning,
        Message = "⚠️ Market service {Status} as the gateway sees it ({Url}): {Reason} [{CorrelationId}]")]
    public static partial void Lost(ILogger logger, string status, string url, string reason, string correlationId);

    [LoggerMessage(EventId = 4031, EventName = "MarketServiceReady", Level = LogLevel.Information,
        Message = "✅ Market service ready as the gateway sees it ({Url}) in {LatencyMs:F1} ms [{CorrelationId}]")]
    public static partial void Ready(ILogger logger, string url, double latencyMs, string correlationId);

    [LoggerMessage(EventId = 4032, EventName = "MarketServiceProbeFailed", Level = LogLevel.Error,
        Message = "The gateway's probe of the market service failed unexpectedly; the next one runs as planned")]
    public static partial void ProbeFailed(ILogger logger, Exception exception);
}
