using Microsoft.Extensions.Logging;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The quote hub's log messages, source-generated, with stable event ids.</summary>
internal static partial class QuoteHubLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Quote hub connection {ConnectionId} opened on feed {Feed} from {Remote}")]
    public static partial void ConnectionOpened(this ILogger logger, long connectionId, string feed, string? remote);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Quote hub connection {ConnectionId} on feed {Feed} closed ({Reason}) after {FramesSent} frames, {FramesDropped} dropped")]
    public static partial void ConnectionClosed(this ILogger logger, long connectionId, string feed, string reason, long framesSent, long framesDropped);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Quote hub refused a connection to feed {Feed}: {Reason}")]
    public static partial void ConnectionRefused(this ILogger logger, string feed, string reason);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Warning, Message = "Fault {FaultId} injected: {Kind} on feed {Feed}, symbol {Symbol}, duration {DurationMs} ms, count {Count}")]
    public static partial void FaultInjected(this ILogger logger, long faultId, string kind, string feed, string symbol, long? durationMs, int? count);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "Fault {FaultId} ({Kind}) ended: {Reason}")]
    public static partial void FaultEnded(this ILogger logger, long faultId, string kind, string reason);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Warning, Message = "Drop fault aborted {Count} connections of feed {Feed}")]
    public static partial void ConnectionsDropped(this ILogger logger, int count, string feed);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Information, Message = "Quote hub rate set to x{Multiplier} ({UpdatesPerSecond} updates/s)")]
    public static partial void RateChanged(this ILogger logger, double multiplier, double updatesPerSecond);

    [LoggerMessage(EventId = 8021, Level = LogLevel.Information, Message = "Quote hub generator started: {Symbols} symbols, {Feeds} feeds, tick interval {TickInterval}")]
    public static partial void GeneratorStarted(this ILogger logger, int symbols, int feeds, TimeSpan tickInterval);

    [LoggerMessage(EventId = 8022, Level = LogLevel.Error, Message = "Quote hub generator round failed; the generator carries on")]
    public static partial void GeneratorRoundFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8023, Level = LogLevel.Information, Message = "Quote hub price of {Symbol} set to bid {Bid}, ask {Ask}")]
    public static partial void PriceSet(this ILogger logger, string symbol, decimal? bid, decimal? ask);

    [LoggerMessage(EventId = 8030, Level = LogLevel.Information, Message = "Quote hub Binance connection {ConnectionId} on feed {Feed}: {Mode} streams {Streams}")]
    public static partial void BinanceStreamsOpened(this ILogger logger, long connectionId, string feed, string mode, string streams);

    [LoggerMessage(EventId = 8031, Level = LogLevel.Information, Message = "Quote hub sent serverShutdown to connection {ConnectionId} on feed {Feed}; it closes in {Notice}")]
    public static partial void ServerShutdownSent(this ILogger logger, long connectionId, string feed, TimeSpan notice);

    [LoggerMessage(EventId = 8032, Level = LogLevel.Debug, Message = "Quote hub answered {Method} on connection {ConnectionId} of feed {Feed}")]
    public static partial void ControlRequestAnswered(this ILogger logger, long connectionId, string feed, string method);

    [LoggerMessage(EventId = 8033, Level = LogLevel.Warning, Message = "Quote hub refused control request {Method} on connection {ConnectionId} of feed {Feed}: {Refusal}")]
    public static partial void ControlRequestRefused(this ILogger logger, long connectionId, string feed, string method, string refusal);

    [LoggerMessage(EventId = 8040, Level = LogLevel.Information, Message = "Quote hub feed {Feed} replays {File} at speed {Speed} (loop {Loop})")]
    public static partial void ReplayStarted(this ILogger logger, string feed, string file, double speed, bool loop);

    [LoggerMessage(EventId = 8041, Level = LogLevel.Information, Message = "Quote hub feed {Feed} finished replaying {File}: {FramesSent} frames sent, {FramesSkipped} control frames skipped, torn {Torn}")]
    public static partial void ReplayFinished(this ILogger logger, string feed, string file, long framesSent, long framesSkipped, bool torn);

    [LoggerMessage(EventId = 8042, Level = LogLevel.Warning, Message = "Quote hub feed {Feed}: {File} is torn after {FramesRead} frames ({TornBytes} bytes of a cut record left out); replayed up to the tear")]
    public static partial void ReplayTorn(this ILogger logger, string feed, string file, long framesRead, int tornBytes);

    [LoggerMessage(EventId = 8043, Level = LogLevel.Error, Message = "Quote hub feed {Feed} stopped replaying {File}: the file could not be read")]
    public static partial void ReplayFailed(this ILogger logger, string feed, string file, Exception exception);

    [LoggerMessage(EventId = 8044, Level = LogLevel.Information, Message = "Quote hub feed {Feed} replay: {Action}, speed {Speed}")]
    public static partial void ReplayControlled(this ILogger logger, string feed, string action, double? speed);
}
