namespace Tickwatch.Feeds.Codecs;

/// <summary>A protocol control message a codec recognised: neither prices nor an error in the frame.</summary>
public enum FeedControl
{
    /// <summary>The answer to a subscription request (<c>{"result":…,"id":…}</c>).</summary>
    SubscriptionResult,

    /// <summary>A subscription request the server refused (<c>{"error":…}</c> or <c>{"code":…,"msg":…}</c>).</summary>
    SubscriptionError,

    /// <summary>The server is about to close the connection (<c>serverShutdown</c>): reconnect promptly.</summary>
    ServerShutdown,
}
