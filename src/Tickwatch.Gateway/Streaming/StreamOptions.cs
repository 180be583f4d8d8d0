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
    /// How messages of prices are spaced; unset, <see cref="StreamPacing.Adaptive"/>, or <see cref="StreamPacing.Fixed"/>
    /// when only <see cref="SendInterval"/> is set (configurations written before adaptive pacing keep their behaviour).
    /// </summary>
    public StreamPacing? Pacing { get; set; }

    /// <summary>
    /// Adaptive pacing: the shortest time between two messages of prices to one client. A price for a client whose last
    /// message went out longer ago than this (and whose socket is idle) is sent at once; one within it waits for the gap,
    /// together with every price that arrives meanwhile. It bounds the messages per client: at most one per gap.
    /// </summary>
    public TimeSpan MinSendGap { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Adaptive pacing: the longest time between two messages of prices to one client that has prices waiting, reached
    /// when the gateway is fully loaded or the client is behind; the longest a price waits to be batched. Fixed pacing
    /// without <see cref="SendInterval"/> uses it as its interval.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Fixed pacing (deprecated name, kept for existing configurations; setting it alone selects fixed pacing): the time
    /// between two messages of prices to one client. Each message carries the latest price of every symbol that changed,
    /// read when it is written, so the interval does not age what is sent; prices replaced in between are not sent
    /// (counted as conflated). Zero sends as soon as the client's previous message is written.
    /// </summary>
    public TimeSpan? SendInterval { get; set; }

    /// <summary>The pacing in force: <see cref="Pacing"/> when set, else fixed when only <see cref="SendInterval"/> is set, else adaptive.</summary>
    public StreamPacing EffectivePacing() => Pacing ?? (SendInterval is null ? StreamPacing.Adaptive : StreamPacing.Fixed);

    /// <summary>The interval of fixed pacing: <see cref="SendInterval"/> when set, else <see cref="MaxBatchDelay"/>.</summary>
    public TimeSpan FixedInterval() => SendInterval ?? MaxBatchDelay;

    /// <summary>
    /// How long an order event heard ahead of its number on <c>order_updates</c> is held for the missing ones to arrive
    /// (two market services publishing for one account reorder their messages) before they are read from the account's
    /// order events. Zero reads at once. It delays a client's order change by up to its length only when one is missing.
    /// </summary>
    public TimeSpan OrderGapGrace { get; set; } = TimeSpan.FromMilliseconds(100);

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
