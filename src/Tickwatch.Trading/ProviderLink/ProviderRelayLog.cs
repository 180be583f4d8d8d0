using Microsoft.Extensions.Logging;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The provider relay's log lines (7310–7314): requests of instances that do not hold the provider link.</summary>
internal static partial class ProviderRelayLog
{
    [LoggerMessage(EventId = 7310, EventName = "RelaySendFailed", Level = LogLevel.Warning,
        Message = "Provider request {ClientOrderId} not relayed to the link holder on provider_relay: {Error}; trying again in {Seconds} s ({Waiting} waiting)")]
    public static partial void SendFailed(ILogger logger, string clientOrderId, string error, double seconds, int waiting);

    [LoggerMessage(EventId = 7311, EventName = "RelayConsumerStarted", Level = LogLevel.Information,
        Message = "Provider relay read from {Id} for link connection {Connection}: requests relayed before it are in the store and sent again with the orders in flight")]
    public static partial void ConsumerStarted(ILogger logger, string id, long connection);

    [LoggerMessage(EventId = 7312, EventName = "RelayFramesForwarded", Level = LogLevel.Debug,
        Message = "{Frames} provider requests relayed by other instances sent over the link (up to {Id})")]
    public static partial void Forwarded(ILogger logger, int frames, string id);

    [LoggerMessage(EventId = 7314, EventName = "RelayReadFailed", Level = LogLevel.Warning,
        Message = "Provider relay not read after {Id}: {Error}; trying again in {Seconds} s (requests committed meanwhile are in the store)")]
    public static partial void ReadFailed(ILogger logger, string id, string error, double seconds);

    [LoggerMessage(EventId = 7313, EventName = "RelayRefusedNoHolder", Level = LogLevel.Warning,
        Message = "Provider request {ClientOrderId} refused here: {Reason}")]
    public static partial void Refused(ILogger logger, string clientOrderId, string reason);
}
