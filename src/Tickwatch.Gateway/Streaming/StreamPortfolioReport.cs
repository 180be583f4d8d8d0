namespace Tickwatch.Gateway.Streaming;

/// <summary>The <c>portfolio</c> channel in <c>GET /api/debug/streams</c>: who follows it and what it sent.</summary>
/// <param name="Subscribers">Clients following their account's portfolio and orders now.</param>
/// <param name="Accounts">Accounts with at least one such client here.</param>
/// <param name="PortfoliosSent">Portfolios sent to clients.</param>
/// <param name="PortfoliosConflated">Portfolios replaced by a newer one before a slow client was sent them.</param>
/// <param name="OrdersSent">Order changes sent to clients.</param>
/// <param name="PortfolioAnnouncements">Accounts announced on <c>portfolio_updates</c> (followed here or not).</param>
/// <param name="OrderAnnouncements">Order changes announced on <c>order_updates</c> (followed here or not).</param>
/// <param name="PortfolioReads">Portfolios read from the store for clients.</param>
/// <param name="PortfolioReadsCoalesced">Announcements covered by a read already in flight or waiting.</param>
/// <param name="PortfolioReadFailures">Reads that failed (log line 4042).</param>
/// <param name="PortfoliosNotNewer">Portfolios read that were older than, or the same as, the one sent last.</param>
/// <param name="SubscribeFailures">Subscriptions to the announcement channels that failed (log line 4041).</param>
/// <param name="Refused">Subscriptions refused because the token names no trading account.</param>
/// <param name="ResumesReplayed">Clients that subscribed with <c>since_seq</c> and were sent the order events they missed (log line 4044).</param>
/// <param name="ResumesReset">Clients told <c>orders_reset</c> (log line 4045).</param>
/// <param name="OrderGapsFilled">Gaps in the order event numbers heard on <c>order_updates</c>, filled from the store (log line 4046).</param>
/// <param name="OrderEventReadFailures">Reads of an account's order events that failed (log line 4047).</param>
/// <param name="OrderReordersAbsorbed">Order events heard out of order whose missing numbers came within <c>Gateway:Stream:OrderGapGrace</c>: sent in order, nothing read.</param>
/// <param name="OrderEventsDuplicate">Order events heard after every client had them (a late one already filled from the store, a repeat): dropped.</param>
public sealed record StreamPortfolioReport(
    int Subscribers,
    int Accounts,
    long PortfoliosSent,
    long PortfoliosConflated,
    long OrdersSent,
    long PortfolioAnnouncements,
    long OrderAnnouncements,
    long PortfolioReads,
    long PortfolioReadsCoalesced,
    long PortfolioReadFailures,
    long PortfoliosNotNewer,
    long SubscribeFailures,
    long Refused,
    long ResumesReplayed,
    long ResumesReset,
    long OrderGapsFilled,
    long OrderEventReadFailures,
    long OrderReordersAbsorbed,
    long OrderEventsDuplicate);
