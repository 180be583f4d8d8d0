using StackExchange.Redis;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Orders.Redis;

/// <summary>Order announcements on the Redis Cluster: SPUBLISH of the compact JSON on the sharded <c>order_updates</c>, heard through the process's one multiplexer.</summary>
/// <remarks>
/// Sharded, unlike the reference's <c>portfolio_updates</c>: a classic channel is relayed over the cluster bus from
/// whichever node took the PUBLISH, so two changes of one order published to two nodes can arrive CLOSED before OPEN.
/// A sharded channel lives on the one node that owns its slot, where every publish goes and every subscriber listens,
/// so the changes a process publishes arrive in the order it made them (one connection, pipelined), and cost the other
/// nodes nothing. The multiplexer re-subscribes on the slot's new owner after a failover; a subscriber is handed the
/// messages one at a time, in order.
/// </remarks>
public sealed class RedisOrderAnnouncements : IOrderAnnouncements
{
    private static readonly RedisChannel Channel = RedisChannel.Sharded(RedisKeys.OrderUpdatesChannel);

    private readonly RedisConnection _connection;
    private long _failures;
    private long _malformed;

    public RedisOrderAnnouncements(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
    }

    public long Failures => Interlocked.Read(ref _failures);

    public long MalformedMessages => Interlocked.Read(ref _malformed);

    public async Task PublishAsync(OrderAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var payload = OrderAnnouncementJson.Write(announcement);
        try
        {
            // Once the multiplexer exists this returns at once, so the PUBLISH is queued in the caller's order.
            var subscriber = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetSubscriber();
            await subscriber.PublishAsync(Channel, payload).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _failures);
            throw new TradingStoreException($"Redis order announcements, publishing order {announcement.OrderId} on {RedisKeys.OrderUpdatesChannel}: {ex.Message}", ex);
        }
    }

    public async Task<IAsyncDisposable> SubscribeAsync(Action<OrderAnnouncement> onAnnounced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onAnnounced);
        try
        {
            // A message queue, not a handler: a handler may be called for two messages at once, and an order's OPEN must
            // not overtake its CLOSED.
            var subscriber = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetSubscriber();
            var queue = await subscriber.SubscribeAsync(Channel).ConfigureAwait(false);
            queue.OnMessage(message =>
            {
                if (OrderAnnouncementJson.TryRead((byte[]?)message.Message, out var announcement))
                {
                    onAnnounced(announcement);
                }
                else
                {
                    Interlocked.Increment(ref _malformed);
                }
            });
            return new QueueSubscription(queue);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _failures);
            throw new TradingStoreException($"Redis order announcements, subscribing to {RedisKeys.OrderUpdatesChannel}: {ex.Message}", ex);
        }
    }

    private sealed class QueueSubscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
        }
    }
}
