using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The provider link's log lines (event ids 7300–7399).</summary>
internal static partial class ProviderLinkLog
{
    [LoggerMessage(EventId = 7300, Level = LogLevel.Information, Message = "Provider link disabled (ProviderLink:Enabled is false): provider-routed orders are refused PROVIDER_UNAVAILABLE")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Provider link connected to {Endpoint} (connection {Connection}); {Orders} orders in flight, {Requests} requests sent again")]
    public static partial void Connected(ILogger logger, string endpoint, long connection, int orders, int requests);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "Provider link to {Endpoint} lost or not made: {Reason}; next attempt in {DelayMs} ms")]
    public static partial void Disconnected(ILogger logger, string endpoint, string reason, long delayMs);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Warning, Message = "Provider frame refused ({Category}): {Detail}")]
    public static partial void FrameRefused(ILogger logger, string category, string detail);

    [LoggerMessage(EventId = 7304, Level = LogLevel.Error, Message = "Provider frame oversized ({Detail}): dropping the connection")]
    public static partial void Oversized(ILogger logger, string detail);

    [LoggerMessage(EventId = 7305, Level = LogLevel.Warning, Message = "Provider message {Type} is not an execution report: ignored")]
    public static partial void Unexpected(ILogger logger, string type);

    [LoggerMessage(EventId = 7306, Level = LogLevel.Error, Message = "Applying provider report {ReportId} of order {OrderId} failed: dropping the connection, the request is sent again on reconnect")]
    public static partial void ApplyFailed(ILogger logger, Exception exception, string reportId, string orderId);

    [LoggerMessage(EventId = 7307, Level = LogLevel.Warning, Message = "Provider request {ClientOrderId} refused: {Reason}")]
    public static partial void SendRefused(ILogger logger, string clientOrderId, string reason);

    [LoggerMessage(EventId = 7308, Level = LogLevel.Information, Message = "Provider report {ReportId} {Status} for order {OrderId} of {Account}: {Outcome} {Detail}")]
    public static partial void Report(ILogger logger, string reportId, string status, string orderId, string account, string outcome, string detail);
}
