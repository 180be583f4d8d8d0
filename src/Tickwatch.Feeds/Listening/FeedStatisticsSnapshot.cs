using System.Text.Json.Serialization;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Feeds.Listening;

/// <summary>An immutable, point-in-time copy of one feed listener's statistics, as <c>/api/debug/websocket</c> shows them.</summary>
/// <remarks>
/// Every value comes from a real counter of the listener. Percentages are 0–100 and, like rates,
/// rounded to 2 decimals; durations and ages are in seconds, rounded to milliseconds.
/// </remarks>
public sealed record FeedStatisticsSnapshot
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The wire protocol, snake_case (<c>json</c>, <c>protobuf</c>).</summary>
    [JsonPropertyName("protocol")]
    public required string Protocol { get; init; }

    /// <summary>The feed URL with the token and any user info replaced by <c>***</c>.</summary>
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary>When this snapshot was taken.</summary>
    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }

    [JsonPropertyName("state")]
    public required FeedConnectionState State { get; init; }

    /// <summary>True only while prices flow: the loop is alive, connected, and a message arrived within <see cref="NoDataTimeoutSeconds"/> in this session.</summary>
    [JsonPropertyName("is_running")]
    public required bool IsRunning { get; init; }

    /// <summary>The WebSocket is open (messages may or may not be arriving).</summary>
    [JsonPropertyName("connected")]
    public required bool Connected { get; init; }

    /// <summary>Connection attempts that have completed, successfully or not.</summary>
    [JsonPropertyName("connection_attempts")]
    public required long ConnectionAttempts { get; init; }

    [JsonPropertyName("successful_connections")]
    public required long SuccessfulConnections { get; init; }

    /// <summary>Connection attempts that failed (refused, timed out, rejected by the server).</summary>
    [JsonPropertyName("connection_failures")]
    public required long ConnectionFailures { get; init; }

    /// <summary>Established connections that ended, for whatever reason.</summary>
    [JsonPropertyName("disconnections")]
    public required long Disconnections { get; init; }

    /// <summary>successful_connections / connection_attempts × 100; 100 before the first attempt completes.</summary>
    [JsonPropertyName("success_rate")]
    public required double SuccessRate { get; init; }

    /// <summary>Connections since the last one that delivered data; drives the backoff.</summary>
    [JsonPropertyName("reconnect_attempt")]
    public required int ReconnectAttempt { get; init; }

    /// <summary>The delay being waited out before the next attempt, in milliseconds; null unless reconnecting.</summary>
    [JsonPropertyName("next_reconnect_delay_ms")]
    public required double? NextReconnectDelayMs { get; init; }

    /// <summary>Number of the current (or last) connection, counting from 1; 0 before the first.</summary>
    [JsonPropertyName("session")]
    public required long Session { get; init; }

    [JsonPropertyName("connected_since")]
    public required DateTimeOffset? ConnectedSince { get; init; }

    /// <summary>Age of the current connection; null when not connected.</summary>
    [JsonPropertyName("uptime_seconds")]
    public required double? UptimeSeconds { get; init; }

    /// <summary>Time spent connected over the listener's life, the current connection included.</summary>
    [JsonPropertyName("total_connected_seconds")]
    public required double TotalConnectedSeconds { get; init; }

    [JsonPropertyName("messages_received")]
    public required long MessagesReceived { get; init; }

    /// <summary>Price updates decoded and handed to the sink.</summary>
    [JsonPropertyName("updates_received")]
    public required long UpdatesReceived { get; init; }

    [JsonPropertyName("bytes_received")]
    public required long BytesReceived { get; init; }

    /// <summary>Frames not meant for the price book (another message type, text on a binary feed).</summary>
    [JsonPropertyName("frames_ignored")]
    public required long FramesIgnored { get; init; }

    /// <summary>Trades (last traded prices, never quotes) decoded and handed to the sink.</summary>
    public long TradesReceived { get; init; }

    /// <summary>Control frames by snake_case kind (<c>subscription_result</c>, <c>subscription_error</c>, <c>server_shutdown</c>); also counted in <see cref="FramesIgnored"/>.</summary>
    public IReadOnlyDictionary<string, long> ControlFrames { get; init; } = new Dictionary<string, long>();

    /// <summary>Messages unusable as a whole: failed decoding, oversized, or the codec threw.</summary>
    [JsonPropertyName("messages_failed")]
    public required long MessagesFailed { get; init; }

    /// <summary>All parse errors: failed frames plus bad entries inside good frames; the sum of <see cref="ParseErrorsByCategory"/>.</summary>
    [JsonPropertyName("parse_errors")]
    public required long ParseErrors { get; init; }

    /// <summary>Parse errors by snake_case category; every category is present.</summary>
    [JsonPropertyName("parse_errors_by_category")]
    public required IReadOnlyDictionary<string, long> ParseErrorsByCategory { get; init; }

    /// <summary>messages_failed / messages_received × 100; 0 before the first message.</summary>
    [JsonPropertyName("parse_error_rate")]
    public required double ParseErrorRate { get; init; }

    [JsonPropertyName("codec_exceptions")]
    public required long CodecExceptions { get; init; }

    [JsonPropertyName("sink_exceptions")]
    public required long SinkExceptions { get; init; }

    /// <summary>Messages per second over the last <see cref="RateWindowSeconds"/> completed seconds.</summary>
    [JsonPropertyName("messages_per_second")]
    public required double MessagesPerSecond { get; init; }

    /// <summary>Price updates per second over the last <see cref="RateWindowSeconds"/> completed seconds.</summary>
    [JsonPropertyName("updates_per_second")]
    public required double UpdatesPerSecond { get; init; }

    [JsonPropertyName("rate_window_seconds")]
    public required int RateWindowSeconds { get; init; }

    [JsonPropertyName("last_message_at")]
    public required DateTimeOffset? LastMessageAt { get; init; }

    /// <summary>Seconds since the last message; null if none has arrived.</summary>
    [JsonPropertyName("last_message_age")]
    public required double? LastMessageAge { get; init; }

    /// <summary>A connection silent for this long is replaced; also the freshness bound of <see cref="IsRunning"/>.</summary>
    [JsonPropertyName("no_data_timeout_seconds")]
    public required double NoDataTimeoutSeconds { get; init; }

    [JsonPropertyName("last_error")]
    public required FeedErrorInfo? LastError { get; init; }

    [JsonPropertyName("last_disconnect_reason")]
    public required string? LastDisconnectReason { get; init; }

    [JsonPropertyName("last_disconnect_at")]
    public required DateTimeOffset? LastDisconnectAt { get; init; }

    /// <summary>The feed's recording (<c>Feeds:N:Record</c>); <c>enabled: false</c> when it records nothing.</summary>
    [JsonPropertyName("recording")]
    public FeedRecordingStatus Recording { get; init; } = FeedRecordingStatus.Disabled;
}
