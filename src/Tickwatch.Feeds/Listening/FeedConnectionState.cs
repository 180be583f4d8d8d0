using System.Text.Json.Serialization;

namespace Tickwatch.Feeds.Listening;

/// <summary>Where a feed listener's connection loop is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedConnectionState>))]
public enum FeedConnectionState
{
    /// <summary>Created; the loop has not run yet.</summary>
    [JsonStringEnumMemberName("starting")]
    Starting,

    /// <summary>Opening the WebSocket.</summary>
    [JsonStringEnumMemberName("connecting")]
    Connecting,

    /// <summary>Open, no message yet in this session.</summary>
    [JsonStringEnumMemberName("connected")]
    Connected,

    /// <summary>Open, and messages have arrived in this session.</summary>
    [JsonStringEnumMemberName("receiving")]
    Receiving,

    /// <summary>Waiting out the backoff delay before the next attempt.</summary>
    [JsonStringEnumMemberName("reconnecting")]
    Reconnecting,

    /// <summary>The loop has ended (the host is stopping).</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,
}
