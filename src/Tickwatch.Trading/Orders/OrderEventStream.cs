using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>
/// Each account's order events in the order the store committed them, numbered by its order event sequence: the store
/// gives every changed order of a commit the next number (+1 each, atomically with the commit; a refused, duplicate or
/// fenced commit takes none) and keeps the latest <see cref="OrderEventsOptions.Retain"/> or so. A gateway replays them to
/// a client that resumes, and fills from them a gap in the announcements it heard.
/// </summary>
/// <remarks>
/// The embedded trading store and the Redis Cluster's (<c>order_events:{live:42}</c>) pass one contract suite. A failure
/// of the store comes back as a <see cref="Store.TradingStoreException"/>.
/// </remarks>
public interface IOrderEventStream
{
    /// <summary>
    /// The account's events after <paramref name="sinceSeq"/>, oldest first, at most <paramref name="max"/>; or a reset when
    /// some of them are no longer held (older than the first retained, or <paramref name="sinceSeq"/> is beyond the last).
    /// </summary>
    Task<OrderEventPage> ReadSinceAsync(AccountId account, long sinceSeq, int max, CancellationToken cancellationToken);
}
