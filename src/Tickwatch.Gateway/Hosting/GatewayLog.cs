using Microsoft.Extensions.Logging;

namespace Tickwatch.Gateway.Hosting;

/// <summary>The gateway's log lines, source-generated with stable event ids (4000–4099; the request lines, 4000 among them, are the service defaults'; 4040–4049 the stream's portfolio channel).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 4002, EventName = "Started", Level = LogLevel.Information,
        Message = "🚪 Gateway listening on {Address}; market service at {MarketServiceUrl}; price store {Store}")]
    public static partial void Started(ILogger logger, string address, string marketServiceUrl, string store);

    [LoggerMessage(EventId = 4003, EventName = "OwnInMemoryStore", Level = LogLevel.Warning,
        Message = "The gateway runs on its own in-memory price store: it shows no market prices. Set Redis:Configuration to share the market service's prices (or run both under `tickwatch up`).")]
    public static partial void OwnInMemoryStore(ILogger logger);

    [LoggerMessage(EventId = 4010, EventName = "MarketServiceUnreachable", Level = LogLevel.Warning,
        Message = "Market service health at {Url} failed: {Reason} [{CorrelationId}]")]
    public static partial void MarketServiceUnreachable(ILogger logger, string url, string reason, string correlationId);

    [LoggerMessage(EventId = 4011, EventName = "StoreUnreadable", Level = LogLevel.Warning,
        Message = "The price store could not be read: {Reason}")]
    public static partial void StoreUnreadable(ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 4020, EventName = "StreamClientConnected", Level = LogLevel.Debug,
        Message = "Stream client {ClientId} connected for {User} [{CorrelationId}]")]
    public static partial void StreamClientConnected(ILogger logger, long clientId, string user, string correlationId);

    [LoggerMessage(EventId = 4021, EventName = "StreamClientClosed", Level = LogLevel.Debug,
        Message = "Stream client {ClientId} closed: {Reason}; {Sent} prices sent, {Conflated} superseded before sending")]
    public static partial void StreamClientClosed(ILogger logger, long clientId, string reason, long sent, long conflated);

    [LoggerMessage(EventId = 4022, EventName = "StreamClientTooSlow", Level = LogLevel.Warning,
        Message = "Stream client {ClientId} ({User}) disconnected: {Reason}")]
    public static partial void StreamClientTooSlow(ILogger logger, long clientId, string user, string reason);

    [LoggerMessage(EventId = 4023, EventName = "StreamSubscribeFailed", Level = LogLevel.Warning,
        Message = "Price subscription for {Symbol} failed: {Reason}")]
    public static partial void StreamSubscribeFailed(ILogger logger, Exception exception, string symbol, string reason);

    [LoggerMessage(EventId = 4024, EventName = "StreamSymbolStale", Level = LogLevel.Information,
        Message = "⏳ {Symbol} is stale: last price {AgeMs:F0} ms old (limit {MaxAgeMs:F0} ms); announced to {Subscribers} subscribers")]
    public static partial void StreamSymbolStale(ILogger logger, string symbol, double ageMs, double maxAgeMs, int subscribers);

    [LoggerMessage(EventId = 4025, EventName = "StreamSymbolClosed", Level = LogLevel.Information,
        Message = "🔒 {Symbol} is closed (trading hours {TradingHours}); announced to {Subscribers} subscribers")]
    public static partial void StreamSymbolClosed(ILogger logger, string symbol, string tradingHours, int subscribers);

    [LoggerMessage(EventId = 4026, EventName = "StreamUserConnectionsRefused", Level = LogLevel.Warning,
        Message = "Stream connection of {User} refused: it has {Limit} streams open (Gateway:Stream:MaxConnectionsPerUser); {Refused} refused for this limit since the last such line (at most one a minute)")]
    public static partial void StreamUserConnectionsRefused(ILogger logger, string user, int limit, long refused);

    [LoggerMessage(EventId = 4027, EventName = "StreamClientTokenExpired", Level = LogLevel.Information,
        Message = "Stream client {ClientId} ({User}) closed: its token expired at {ExpiresAt:O}")]
    public static partial void StreamClientTokenExpired(ILogger logger, long clientId, string user, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4028, EventName = "StreamClientCommandFlood", Level = LogLevel.Warning,
        Message = "Stream client {ClientId} ({User}) disconnected: {Reason}; {Refused} commands refused")]
    public static partial void StreamClientCommandFlood(ILogger logger, long clientId, string user, string reason, int refused);

    [LoggerMessage(EventId = 4029, EventName = "StreamClientFailed", Level = LogLevel.Error,
        Message = "Stream client {ClientId} ({User}) closed: the gateway failed serving it: {Reason}")]
    public static partial void StreamClientFailed(ILogger logger, Exception exception, long clientId, string user, string reason);

    [LoggerMessage(EventId = 4040, EventName = "StreamPortfolioChannelListening", Level = LogLevel.Information,
        Message = "Stream portfolio channel listening: portfolio_updates and order_updates subscribed once for every client")]
    public static partial void PortfolioChannelListening(ILogger logger);

    [LoggerMessage(EventId = 4041, EventName = "StreamPortfolioSubscribeFailed", Level = LogLevel.Warning,
        Message = "Stream portfolio channel could not subscribe to portfolio_updates and order_updates: {Reason}; the client is told, and its next subscribe tries again")]
    public static partial void PortfolioSubscribeFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 4042, EventName = "StreamPortfolioReadFailed", Level = LogLevel.Warning,
        Message = "Portfolio of {Account} could not be read for its stream clients: {Reason}; its next change reads it again")]
    public static partial void PortfolioReadFailed(ILogger logger, Exception exception, string account, string reason);

    [LoggerMessage(EventId = 4043, EventName = "ShownUsersForgotten", Level = LogLevel.Information,
        Message = "Forgot what the {Users} least recently active users were shown ({Entries} prices, {Bytes} bytes): the record of shown prices passed Gateway:Forensics:{Bound}")]
    public static partial void ShownUsersForgotten(ILogger logger, int users, long entries, long bytes, string bound);
}
