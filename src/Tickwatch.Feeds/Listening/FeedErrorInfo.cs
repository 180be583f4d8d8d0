using System.Text.Json.Serialization;

namespace Tickwatch.Feeds.Listening;

/// <summary>The last thing that went wrong on a feed: what kind of error, what exactly, and when.</summary>
/// <param name="Category">A parse error's snake_case name (<c>malformed_json</c>…) or one of the listener's own categories below.</param>
/// <param name="Detail">A short description; never holds the token.</param>
/// <param name="At">When it happened.</param>
public sealed record FeedErrorInfo(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("at")] DateTimeOffset At)
{
    /// <summary>The codec threw instead of returning a failed result (a codec bug).</summary>
    public const string CodecException = "codec_exception";

    /// <summary>The sink threw while taking a frame's prices.</summary>
    public const string SinkException = "sink_exception";

    /// <summary>Opening the WebSocket failed or timed out.</summary>
    public const string ConnectFailed = "connect_failed";

    /// <summary>An open connection failed (reset, keep-alive timeout, no-data watchdog).</summary>
    public const string ConnectionLost = "connection_lost";

    /// <summary>An unexpected fault in the listener itself; the loop reconnects.</summary>
    public const string ListenerFault = "listener_fault";
}
