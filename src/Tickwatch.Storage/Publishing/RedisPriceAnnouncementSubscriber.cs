using StackExchange.Redis;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Publishing;

/// <summary>Subscribes to price announcements through the process's one multiplexer, which follows the cluster.</summary>
/// <remarks>
/// The multiplexer's subscriber keeps its own connection per node and re-subscribes after a reconnect or a
/// failover (a sharded channel on the node that now owns its slot), so a subscription is never pinned to one
/// node (the reference's defect 10). A message that cannot be read is counted and skipped.
/// </remarks>
public sealed class RedisPriceAnnouncementSubscriber : IPriceAnnouncementSubscriber
{
    private readonly RedisConnection _connection;
    private long _malformed;

    public RedisPriceAnnouncementSubscriber(RedisConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
    }

    /// <summary>Messages on <c>prices:{market:SYMBOL}</c> that were not a price.</summary>
    public long MalformedMessages => Interlocked.Read(ref _malformed);

    public async Task<IAsyncDisposable> SubscribeSymbolsAsync(Action<string> onSymbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSymbol);
        var subscriber = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetSubscriber();
        var channel = RedisChannel.Literal(RedisKeys.MarketPriceUpdatesChannel);
        Action<RedisChannel, RedisValue> handler = (_, message) => onSymbol(message.ToString());
        await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
        return new RedisSubscription(subscriber, channel, handler);
    }

    public async Task<IAsyncDisposable> SubscribePricesAsync(string symbol, Action<StoredPrice> onPrice, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentNullException.ThrowIfNull(onPrice);
        var subscriber = (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetSubscriber();
        var channel = RedisChannel.Sharded(RedisKeys.PriceChannel(symbol));
        Action<RedisChannel, RedisValue> handler = (_, message) =>
        {
            StoredPrice price;
            try
            {
                price = PriceAnnouncementJson.Deserialize((byte[])message!);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                Interlocked.Increment(ref _malformed);
                return;
            }

            onPrice(price);
        };
        await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
        return new RedisSubscription(subscriber, channel, handler);
    }
}
