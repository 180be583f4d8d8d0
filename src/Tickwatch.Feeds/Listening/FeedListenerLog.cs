using Microsoft.Extensions.Logging;

namespace Tickwatch.Feeds.Listening;

/// <summary>The feed listener's log lines, source-generated with stable event ids.</summary>
/// <remarks>
/// The texts starting with 📈, 🔌 and ❌ are the reference system's; operators grep for them
/// (production-debugging-guide.md, "Important Log Patterns"), so they must not change.
/// </remarks>
internal static partial class FeedListenerLog
{
    [LoggerMessage(EventId = 1100, EventName = "FeedListenerStarted", Level = LogLevel.Information,
        Message = "Feed listener {Feed} started ({Protocol}, {Url})")]
    public static partial void Started(ILogger logger, string feed, string protocol, string url);

    [LoggerMessage(EventId = 1101, EventName = "FeedConnected", Level = LogLevel.Information,
        Message = "🔗 Connected to feed {Feed} (session {Session})")]
    public static partial void Connected(ILogger logger, string feed, long session);

    [LoggerMessage(EventId = 1102, EventName = "FeedConnectFailed", Level = LogLevel.Warning,
        Message = "🔌 WebSocket connection failed (feed {Feed}, {Url}): {Reason}; retrying in {DelayMs} ms (attempt {Attempt})")]
    public static partial void ConnectFailed(ILogger logger, string feed, string url, string reason, long delayMs, int attempt);

    [LoggerMessage(EventId = 1103, EventName = "FeedConnectionClosed", Level = LogLevel.Warning,
        Message = "🔌 WebSocket connection closed (feed {Feed}): {Reason}; reconnecting in {DelayMs} ms")]
    public static partial void ConnectionClosed(ILogger logger, string feed, string reason, long delayMs);

    [LoggerMessage(EventId = 1104, EventName = "FeedConnectionStable", Level = LogLevel.Information,
        Message = "📈 Received {Count} messages, connection stable (feed {Feed}, {Rate:F1} msg/s)")]
    public static partial void ConnectionStable(ILogger logger, long count, string feed, double rate);

    [LoggerMessage(EventId = 1105, EventName = "FeedMessageProcessingError", Level = LogLevel.Warning,
        Message = "❌ Message processing error (feed {Feed}): {Category}: {Detail}")]
    public static partial void MessageProcessingError(ILogger logger, string feed, string category, string detail, Exception? exception);

    [LoggerMessage(EventId = 1106, EventName = "FeedMessageProcessingErrorsSuppressed", Level = LogLevel.Warning,
        Message = "❌ Message processing error burst ended (feed {Feed}): {Suppressed} more errors counted but not logged within {WindowSeconds:F0} s")]
    public static partial void MessageProcessingErrorsSuppressed(ILogger logger, string feed, long suppressed, double windowSeconds);

    [LoggerMessage(EventId = 1107, EventName = "FeedListenerFault", Level = LogLevel.Error,
        Message = "Feed listener {Feed} fault, reconnecting in {DelayMs} ms: {Fault}")]
    public static partial void ListenerFault(ILogger logger, string feed, long delayMs, string fault);

    [LoggerMessage(EventId = 1108, EventName = "FeedListenerStopped", Level = LogLevel.Information,
        Message = "Feed listener {Feed} stopped after {Sessions} sessions")]
    public static partial void Stopped(ILogger logger, string feed, long sessions);

    [LoggerMessage(EventId = 1109, EventName = "FeedRoutineReconnect", Level = LogLevel.Information,
        Message = "Feed {Feed} reconnecting at once, a routine reconnection: {Reason}")]
    public static partial void RoutineReconnect(ILogger logger, string feed, string reason);

    [LoggerMessage(EventId = 1110, EventName = "FeedSubscriptionRefused", Level = LogLevel.Warning,
        Message = "Feed {Feed}: the venue refused a request: {Detail}")]
    public static partial void SubscriptionRefused(ILogger logger, string feed, string detail);
}
