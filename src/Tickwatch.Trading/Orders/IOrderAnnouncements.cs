namespace Tickwatch.Trading.Orders;

/// <summary>
/// The market service's announcements of committed order changes on <c>order_updates</c>, which gateways in other
/// processes hear to tell each client of its own orders.
/// </summary>
/// <remarks>
/// The embedded announcements and the Redis Cluster's pass one contract suite. <see cref="PublishAsync"/> is called only
/// with what was committed (by <see cref="OrderAnnouncer"/>, an observer of the engine); a failure comes back as a
/// <see cref="Store.TradingStoreException"/> naming what was done, and is counted. A subscriber hears every announcement
/// once, from its subscription on, in the order published; one that cannot be read is counted and skipped.
/// </remarks>
public interface IOrderAnnouncements
{
    /// <summary>Calls that failed with a <see cref="Store.TradingStoreException"/>.</summary>
    long Failures { get; }

    /// <summary>Messages heard on <c>order_updates</c> that were not an announcement.</summary>
    long MalformedMessages { get; }

    /// <summary>Announces one committed order change on <c>order_updates</c>.</summary>
    Task PublishAsync(OrderAnnouncement announcement, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onAnnounced"/> with each announcement until the subscription is disposed; it must not block.</summary>
    Task<IAsyncDisposable> SubscribeAsync(Action<OrderAnnouncement> onAnnounced, CancellationToken cancellationToken);
}
