using StackExchange.Redis;

namespace Tickwatch.Storage.Publishing;

/// <summary>One handler's subscription to one channel on the shared multiplexer; disposing it unsubscribes that handler once.</summary>
public sealed class RedisSubscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
{
    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
        }
    }
}
