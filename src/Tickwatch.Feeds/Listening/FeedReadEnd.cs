namespace Tickwatch.Feeds.Listening;

/// <summary>How reading an open connection ended without the socket failing.</summary>
internal enum FeedReadEnd
{
    /// <summary>The server sent its close frame.</summary>
    ServerClosed,

    /// <summary>The server announced it is shutting the connection down (Binance <c>serverShutdown</c>).</summary>
    ShutdownAnnounced,
}
