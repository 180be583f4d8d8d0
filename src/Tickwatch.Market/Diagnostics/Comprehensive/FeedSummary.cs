using System.Text.Json.Serialization;
using Tickwatch.Feeds.Listening;
using Tickwatch.Feeds.Recording;
using Tickwatch.Market.Cluster;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>One feed in <c>websocket_diagnostics.feeds</c>: enough to tell a stall from a refused connection from a changed format.</summary>
/// <param name="Protocol">The wire protocol.</param>
/// <param name="State"><c>connecting</c>, <c>connected</c> (open, nothing received yet), <c>receiving</c>, <c>reconnecting</c>…</param>
/// <param name="IsRunning">Connected and delivering prices.</param>
/// <param name="SocketOpen">The WebSocket is open, whether or not messages arrive.</param>
/// <param name="Session">Number of the current connection.</param>
/// <param name="LastMessageAge">Seconds since the last message; null if none yet.</param>
/// <param name="NoDataTimeoutSeconds">A connection silent this long is replaced.</param>
/// <param name="SuccessRate">Successful connections per attempt, in %.</param>
/// <param name="ConnectionFailures">Failed connection attempts since the start.</param>
/// <param name="ConnectionFailuresLastHour">Failed connection attempts per hour, over the last hour.</param>
/// <param name="Disconnections">Established connections that ended.</param>
/// <param name="MessagesReceived">Messages since the start.</param>
/// <param name="MessagesPerSecond">Messages per second, recently.</param>
/// <param name="ParseErrorRate">Unusable messages per message, in %.</param>
/// <param name="ParseErrorsByCategory">Parse errors by category, those that happened only.</param>
/// <param name="ReconnectAttempt">Connections since the last one that delivered data.</param>
/// <param name="LastDisconnectReason">Why the last connection ended.</param>
/// <param name="LastError">The last error of the feed.</param>
/// <param name="Recording">The feed's recording: files, frames written, dropped and failed, the last write error (always set by the report).</param>
public sealed record FeedSummary(
    string Protocol,
    string State,
    bool IsRunning,
    bool SocketOpen,
    long Session,
    double? LastMessageAge,
    double NoDataTimeoutSeconds,
    double SuccessRate,
    long ConnectionFailures,
    double ConnectionFailuresLastHour,
    long Disconnections,
    long MessagesReceived,
    double MessagesPerSecond,
    double ParseErrorRate,
    IReadOnlyDictionary<string, long> ParseErrorsByCategory,
    int ReconnectAttempt,
    string? LastDisconnectReason,
    FeedErrorInfo? LastError,
    FeedRecordingStatus? Recording = null)
{
    /// <summary>This instance's role for the feed: <c>writer</c> (connects and writes it; always in single mode), <c>standby</c> (held by <see cref="HeldBy"/>), <c>unheld</c> or <c>unknown</c>.</summary>
    public string Role { get; init; } = FeedRole.WriterName;

    /// <summary>The instance holding the feed's lease; null when nobody holds it or it is not known.</summary>
    public string? HeldBy { get; init; }

    /// <summary>Held by another instance: this one neither connects nor writes the feed, and its book follows the writer's prices.</summary>
    [JsonIgnore]
    public bool IsStandby => Role == FeedRole.StandbyName;

    /// <summary>Held by no instance: nobody writes the feed's prices.</summary>
    [JsonIgnore]
    public bool IsUnheld => Role == FeedRole.UnheldName;
}
