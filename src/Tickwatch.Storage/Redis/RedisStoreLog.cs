using Microsoft.Extensions.Logging;

namespace Tickwatch.Storage.Redis;

/// <summary>The Redis store's log lines, source-generated with stable event ids (3000–3099).</summary>
internal static partial class RedisStoreLog
{
    [LoggerMessage(EventId = 3000, EventName = "RedisConnecting", Level = LogLevel.Information,
        Message = "Connecting to the Redis Cluster at {Configuration}")]
    public static partial void Connecting(ILogger logger, string configuration);

    [LoggerMessage(EventId = 3001, EventName = "RedisConnected", Level = LogLevel.Information,
        Message = "Redis Cluster multiplexer ready ({Connected}; {Endpoints} nodes known) in {ElapsedMs} ms")]
    public static partial void Connected(ILogger logger, string connected, int endpoints, long elapsedMs);

    [LoggerMessage(EventId = 3002, EventName = "RedisConnectionFailed", Level = LogLevel.Warning,
        Message = "Redis connection to {Endpoint} failed ({FailureType}, {ConnectionType}): {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, string endpoint, string failureType, string connectionType, string reason);

    [LoggerMessage(EventId = 3003, EventName = "RedisConnectionRestored", Level = LogLevel.Information,
        Message = "Redis connection to {Endpoint} restored ({ConnectionType})")]
    public static partial void ConnectionRestored(ILogger logger, string endpoint, string connectionType);

    [LoggerMessage(EventId = 3004, EventName = "RedisErrorMessage", Level = LogLevel.Warning,
        Message = "Redis node {Endpoint} reported: {Message}")]
    public static partial void ErrorMessage(ILogger logger, string endpoint, string message);

    [LoggerMessage(EventId = 3005, EventName = "RedisInternalError", Level = LogLevel.Error,
        Message = "Redis client internal error ({Origin}) on {Endpoint}")]
    public static partial void InternalError(ILogger logger, Exception exception, string origin, string endpoint);

    [LoggerMessage(EventId = 3006, EventName = "RedisTopologyChanged", Level = LogLevel.Information,
        Message = "Redis Cluster topology changed (seen from {Endpoint})")]
    public static partial void TopologyChanged(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3007, EventName = "RedisScriptsLoaded", Level = LogLevel.Debug,
        Message = "{Scripts} store script(s) loaded on {Loaded} of {Nodes} connected Redis nodes ({Reason})")]
    public static partial void ScriptsLoaded(ILogger logger, int scripts, int loaded, int nodes, string reason);

    [LoggerMessage(EventId = 3008, EventName = "RedisScriptLoadFailed", Level = LogLevel.Debug,
        Message = "Loading the store scripts on {Endpoint} failed: {Reason}; its next NOSCRIPT loads them")]
    public static partial void ScriptLoadFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 3009, EventName = "RedisScriptMissing", Level = LogLevel.Debug,
        Message = "Redis node {Endpoint} did not know a store script (NOSCRIPT; a node restarted empty or new); sent again with its text")]
    public static partial void ScriptMissing(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3010, EventName = "StoreWritesFailed", Level = LogLevel.Warning,
        Message = "Store writes failed for {Count} prices ({Consecutive} failing batches in a row): {Reason}; retrying in {DelayMs} ms")]
    public static partial void WritesFailed(ILogger logger, int count, int consecutive, string reason, long delayMs);

    [LoggerMessage(EventId = 3011, EventName = "StoreWritesRecovered", Level = LogLevel.Information,
        Message = "Store writes succeed again after {Failures} failing batches")]
    public static partial void WritesRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 3012, EventName = "StorePublishFailed", Level = LogLevel.Warning,
        Message = "Publishing {Count} written prices failed: {Reason}")]
    public static partial void PublishFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 3013, EventName = "StoreWriterStarted", Level = LogLevel.Information,
        Message = "Store writer started on the {Store} store ({Workers} batches in flight at most, {BatchSize} prices each)")]
    public static partial void WriterStarted(ILogger logger, string store, int workers, int batchSize);

    [LoggerMessage(EventId = 3014, EventName = "StoreWriterStopped", Level = LogLevel.Information,
        Message = "Store writer stopped: {Written} prices written, {Pending} symbols still pending")]
    public static partial void WriterStopped(ILogger logger, long written, long pending);

    [LoggerMessage(EventId = 3015, EventName = "SymbolUpdateListeners", Level = LogLevel.Information,
        Message = "market_price_updates: {Subscribers} subscribers on the cluster ({Answered}); announcing there {State}")]
    public static partial void SymbolUpdateListeners(ILogger logger, long subscribers, string answered, string state);

    [LoggerMessage(EventId = 3016, EventName = "StoreCrossNodeResent", Level = LogLevel.Information,
        Message = "A Redis node did not serve the slot of {Count} {What} keys of its call (the slot map was stale: a master failover or a slot migration); "
            + "sent again one per call, each to its own node ({Since} since the last such line, {Total} in all; at most one line a minute): {Reason}")]
    public static partial void CrossNodeResent(ILogger logger, int count, string what, long since, long total, string reason);
}
