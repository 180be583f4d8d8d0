namespace Tickwatch.Gateway.Streaming;

/// <summary>Counters of the live price stream, for <c>/api/debug/streams</c>; per-message counts live on each client and are added here when it goes.</summary>
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
    private long _closedSessionsAtOnce;
    private long _closedSessionsCoalesced;
    private long _staleAnnouncements;
    private long _closedAnnouncements;
    private long _badClientMessages;
    private long _subscribeFailures;
    private long _clientsRefusedPerUser;
    private long _clientsClosedTokenExpired;
    private long _clientsClosedCommandRate;
    private long _clientsFailed;
    private long _commandsRefused;
    private long _closedSessionsPortfolios;
    private long _closedSessionsPortfoliosConflated;
    private long _closedSessionsOrders;
    private long _portfolioAnnouncements;
    private long _orderAnnouncements;
    private long _portfolioReads;
    private long _portfolioReadsCoalesced;
    private long _portfolioReadFailures;
    private long _portfoliosNotNewer;
    private long _portfolioSubscribeFailures;
    private long _portfolioRefused;
    private long _resumesReplayed;
    private long _resumesReset;
    private long _orderGapsFilled;
    private long _orderEventReadFailures;
    private long _orderReordersAbsorbed;
    private long _orderEventsDuplicate;

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

    /// <summary>Messages of prices sent without waiting, for clients that have gone.</summary>
    public long ClosedSessionsMessagesAtOnce => Interlocked.Read(ref _closedSessionsAtOnce);

    /// <summary>Messages of prices that waited for their gap or slot, for clients that have gone.</summary>
    public long ClosedSessionsMessagesCoalesced => Interlocked.Read(ref _closedSessionsCoalesced);

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

    /// <summary>Portfolios sent to clients that have gone.</summary>
    public long ClosedSessionsPortfolios => Interlocked.Read(ref _closedSessionsPortfolios);

    /// <summary>Portfolios replaced by a newer one before they were sent, for clients that have gone.</summary>
    public long ClosedSessionsPortfoliosConflated => Interlocked.Read(ref _closedSessionsPortfoliosConflated);

    /// <summary>Order changes sent to clients that have gone.</summary>
    public long ClosedSessionsOrders => Interlocked.Read(ref _closedSessionsOrders);

    /// <summary>Accounts announced on <c>portfolio_updates</c>, followed here or not.</summary>
    public long PortfolioAnnouncements => Interlocked.Read(ref _portfolioAnnouncements);

    /// <summary>Order changes announced on <c>order_updates</c>, followed here or not.</summary>
    public long OrderAnnouncements => Interlocked.Read(ref _orderAnnouncements);

    /// <summary>Portfolios read from the store for clients.</summary>
    public long PortfolioReads => Interlocked.Read(ref _portfolioReads);

    /// <summary>Announcements of a followed account that a read already in flight or waiting covered.</summary>
    public long PortfolioReadsCoalesced => Interlocked.Read(ref _portfolioReadsCoalesced);

    /// <summary>Portfolio reads that failed (logged; the account's next change reads again).</summary>
    public long PortfolioReadFailures => Interlocked.Read(ref _portfolioReadFailures);

    /// <summary>Portfolios read that were older than, or the same as, the one sent last (not sent).</summary>
    public long PortfoliosNotNewer => Interlocked.Read(ref _portfoliosNotNewer);

    /// <summary>Subscriptions to <c>portfolio_updates</c> and <c>order_updates</c> that failed.</summary>
    public long PortfolioSubscribeFailures => Interlocked.Read(ref _portfolioSubscribeFailures);

    /// <summary>Portfolio subscriptions refused because the token names no trading account.</summary>
    public long PortfolioRefused => Interlocked.Read(ref _portfolioRefused);

    /// <summary>Clients that resumed with <c>since_seq</c> and were sent the order events they missed.</summary>
    public long ResumesReplayed => Interlocked.Read(ref _resumesReplayed);

    /// <summary>Clients told <c>orders_reset</c>: the order events they missed are no longer held (or could not be read).</summary>
    public long ResumesReset => Interlocked.Read(ref _resumesReset);

    /// <summary>Gaps in the order sequence of <c>order_updates</c> filled from the account's order events.</summary>
    public long OrderGapsFilled => Interlocked.Read(ref _orderGapsFilled);

    /// <summary>Reads of an account's order events that failed (its clients were told <c>orders_reset</c>).</summary>
    public long OrderEventReadFailures => Interlocked.Read(ref _orderEventReadFailures);

    /// <summary>Order events heard out of order on <c>order_updates</c> whose missing numbers came within the grace: sent in order, nothing read.</summary>
    public long OrderReordersAbsorbed => Interlocked.Read(ref _orderReordersAbsorbed);

    /// <summary>Order events heard on <c>order_updates</c> after every client had them (a late one already filled from the store, a repeat).</summary>
    public long OrderEventsDuplicate => Interlocked.Read(ref _orderEventsDuplicate);

    internal void CountResumeReplayed() => Interlocked.Increment(ref _resumesReplayed);

    internal void CountResumeReset() => Interlocked.Increment(ref _resumesReset);

    internal void CountOrderGapFilled() => Interlocked.Increment(ref _orderGapsFilled);

    internal void CountOrderEventReadFailure() => Interlocked.Increment(ref _orderEventReadFailures);

    internal void CountOrderReorderAbsorbed() => Interlocked.Increment(ref _orderReordersAbsorbed);

    internal void CountOrderEventDuplicate() => Interlocked.Increment(ref _orderEventsDuplicate);

    internal void CountClientConnected() => Interlocked.Increment(ref _clientsConnected);

    internal void CountClientClosed(ClientSession session)
    {
        Interlocked.Increment(ref _clientsClosed);
        Interlocked.Add(ref _closedSessionsSent, session.Sent);
        Interlocked.Add(ref _closedSessionsMessages, session.MessagesSent);
        Interlocked.Add(ref _closedSessionsConflated, session.Conflated);
        Interlocked.Add(ref _closedSessionsAtOnce, session.MessagesSentAtOnce);
        Interlocked.Add(ref _closedSessionsCoalesced, session.MessagesCoalesced);
        Interlocked.Add(ref _closedSessionsPortfolios, session.PortfoliosSent);
        Interlocked.Add(ref _closedSessionsPortfoliosConflated, session.PortfoliosConflated);
        Interlocked.Add(ref _closedSessionsOrders, session.OrdersSent);
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

    internal void CountPortfolioAnnouncement() => Interlocked.Increment(ref _portfolioAnnouncements);

    internal void CountOrderAnnouncement() => Interlocked.Increment(ref _orderAnnouncements);

    internal void CountPortfolioRead() => Interlocked.Increment(ref _portfolioReads);

    internal void CountPortfolioReadCoalesced() => Interlocked.Increment(ref _portfolioReadsCoalesced);

    internal void CountPortfolioReadFailure() => Interlocked.Increment(ref _portfolioReadFailures);

    internal void CountPortfolioNotNewer() => Interlocked.Increment(ref _portfoliosNotNewer);

    internal void CountPortfolioSubscribeFailure() => Interlocked.Increment(ref _portfolioSubscribeFailures);

    internal void CountPortfolioRefused() => Interlocked.Increment(ref _portfolioRefused);
}
