namespace Tickwatch.Gateway.Streaming;

/// <summary>Counters of the live price stream, for <c>/api/debug/streams</c>; per-price counts live on each client and are added here when it goes.</summary>
public sealed class StreamStatistics
{
    private long _clientsConnected;
    private long _clientsClosed;
    private long _clientsDroppedSlow;
    private long _clientsRefused;
    private long _updatesReceived;
    private long _updatesNotNewer;
    private long _closedSessionsSent;
    private long _closedSessionsMessages;
    private long _closedSessionsConflated;
    private long _staleAnnouncements;
    private long _closedAnnouncements;
    private long _badClientMessages;
    private long _subscribeFailures;
    private long _clientsRefusedPerUser;
    private long _clientsClosedTokenExpired;
    private long _clientsClosedCommandRate;
    private long _clientsFailed;
    private long _commandsRefused;

    public long ClientsConnected => Interlocked.Read(ref _clientsConnected);

    public long ClientsClosed => Interlocked.Read(ref _clientsClosed);

    public long ClientsDroppedSlow => Interlocked.Read(ref _clientsDroppedSlow);

    public long ClientsRefused => Interlocked.Read(ref _clientsRefused);

    public long UpdatesReceived => Interlocked.Read(ref _updatesReceived);

    public long UpdatesNotNewer => Interlocked.Read(ref _updatesNotNewer);

    /// <summary>Prices sent to clients that have gone (connected clients keep their own counts).</summary>
    public long ClosedSessionsSent => Interlocked.Read(ref _closedSessionsSent);

    /// <summary>Messages of prices sent to clients that have gone.</summary>
    public long ClosedSessionsMessages => Interlocked.Read(ref _closedSessionsMessages);

    /// <summary>Prices superseded before sending, for clients that have gone.</summary>
    public long ClosedSessionsConflated => Interlocked.Read(ref _closedSessionsConflated);

    public long StaleAnnouncements => Interlocked.Read(ref _staleAnnouncements);

    /// <summary>Symbols announced closed (outside their trading hours) to their subscribers.</summary>
    public long ClosedAnnouncements => Interlocked.Read(ref _closedAnnouncements);

    public long BadClientMessages => Interlocked.Read(ref _badClientMessages);

    public long SubscribeFailures => Interlocked.Read(ref _subscribeFailures);

    /// <summary>Connections refused because their user had <c>Gateway:Stream:MaxConnectionsPerUser</c> streams open.</summary>
    public long ClientsRefusedPerUser => Interlocked.Read(ref _clientsRefusedPerUser);

    /// <summary>Clients closed because their token expired.</summary>
    public long ClientsClosedTokenExpired => Interlocked.Read(ref _clientsClosedTokenExpired);

    /// <summary>Clients disconnected for sending commands over the rate again and again.</summary>
    public long ClientsClosedCommandRate => Interlocked.Read(ref _clientsClosedCommandRate);

    /// <summary>Clients closed because the gateway failed serving them (a fault of its own, logged with the exception).</summary>
    public long ClientsFailed => Interlocked.Read(ref _clientsFailed);

    /// <summary>Commands refused for coming faster than <c>Gateway:Stream:MaxCommandsPerSecond</c>.</summary>
    public long CommandsRefused => Interlocked.Read(ref _commandsRefused);

    internal void CountClientConnected() => Interlocked.Increment(ref _clientsConnected);

    internal void CountClientClosed(long sent, long messages, long conflated)
    {
        Interlocked.Increment(ref _clientsClosed);
        Interlocked.Add(ref _closedSessionsSent, sent);
        Interlocked.Add(ref _closedSessionsMessages, messages);
        Interlocked.Add(ref _closedSessionsConflated, conflated);
    }

    internal void CountClientDroppedSlow() => Interlocked.Increment(ref _clientsDroppedSlow);

    internal void CountClientRefused() => Interlocked.Increment(ref _clientsRefused);

    internal void CountUpdateReceived() => Interlocked.Increment(ref _updatesReceived);

    internal void CountUpdateNotNewer() => Interlocked.Increment(ref _updatesNotNewer);

    internal void CountStaleAnnouncement() => Interlocked.Increment(ref _staleAnnouncements);

    internal void CountClosedAnnouncement() => Interlocked.Increment(ref _closedAnnouncements);

    internal void CountBadClientMessage() => Interlocked.Increment(ref _badClientMessages);

    internal void CountSubscribeFailure() => Interlocked.Increment(ref _subscribeFailures);

    internal void CountClientRefusedPerUser() => Interlocked.Increment(ref _clientsRefusedPerUser);

    internal void CountClientClosedTokenExpired() => Interlocked.Increment(ref _clientsClosedTokenExpired);

    internal void CountClientClosedCommandRate() => Interlocked.Increment(ref _clientsClosedCommandRate);

    internal void CountClientFailed() => Interlocked.Increment(ref _clientsFailed);

    internal void CountCommandRefused() => Interlocked.Increment(ref _commandsRefused);
}
