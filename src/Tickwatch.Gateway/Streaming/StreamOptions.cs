namespace Tickwatch.Gateway.Streaming;

/// <summary>Limits of the live price stream to clients (section <c>Gateway:Stream</c>).</summary>
public sealed class StreamOptions
{
    public const string SectionName = "Gateway:Stream";

    /// <summary>Most symbols one client may subscribe to.</summary>
    public int MaxSymbolsPerClient { get; set; } = 100;

    /// <summary>Most clients connected at once; more are refused with 503.</summary>
    public int MaxClients { get; set; } = 5000;

    /// <summary>
    /// Most streams one user (the token's <c>type:id</c>) may have open at once; one more is accepted and closed at once
    /// with code 1008 and the reason, which a browser can read (an HTTP status before the upgrade it cannot).
    /// </summary>
    public int MaxConnectionsPerUser { get; set; } = 5;

    /// <summary>Commands a client may send per second, on average (every message counts, a bad one too).</summary>
    public int MaxCommandsPerSecond { get; set; } = 10;

    /// <summary>Commands a client may send at once before <see cref="MaxCommandsPerSecond"/> holds it back.</summary>
    public int CommandBurst { get; set; } = 20;

    /// <summary>
    /// Commands over the rate a client may send (each refused with an error) before it is disconnected with code 1008;
    /// the count starts again once it has kept under the rate long enough to refill its burst.
    /// </summary>
    public int MaxRefusedCommands { get; set; } = 20;

    /// <summary>
    /// A client whose oldest unsent update has waited longer than this (its socket no longer drains) is
    /// disconnected with a reason. Until then it gets the latest price of each symbol, older ones skipped.
    /// </summary>
    public TimeSpan MaxClientLag { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Shortest time between two messages of prices to one client. Each message carries the latest price of every
    /// symbol that changed, read when it is written, so the interval does not age what is sent; prices replaced in
    /// between are not sent (counted as conflated). Zero sends as soon as the client's previous message is written.
    /// </summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Time a disconnected slow client gets to take its close frame before the connection is cut.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often stale symbols and lagging clients are looked for.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest message a client may send (subscribe and unsubscribe commands).</summary>
    public int MaxClientMessageBytes { get; set; } = 4096;

    /// <summary>
    /// Kernel send buffer per client socket, in bytes; null keeps the system's (which grows to megabytes and
    /// so hides how far behind a client is). A few tens of kilobytes keep "behind" visible to the gateway.
    /// </summary>
    public int? SocketSendBufferBytes { get; set; } = 65536;
}
