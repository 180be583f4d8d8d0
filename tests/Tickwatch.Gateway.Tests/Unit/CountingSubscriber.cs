using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>Price announcements that count store subscriptions live at once, and yield inside subscribe and unsubscribe so callers interleave.</summary>
internal sealed class CountingSubscriber : IPriceAnnouncementSubscriber
{
    private readonly Lock _gate = new();
    private readonly List<Action<StoredPrice>> _handlers = [];
    private int _active;
    private int _maxActive;
    private int _subscribes;
    private int _unsubscribes;

    public int Active => Volatile.Read(ref _active);

    public int MaxActive => Volatile.Read(ref _maxActive);

    public int Subscribes => Volatile.Read(ref _subscribes);

    public int Unsubscribes => Volatile.Read(ref _unsubscribes);

    public Task<IAsyncDisposable> SubscribeSymbolsAsync(Action<string> onSymbol, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async Task<IAsyncDisposable> SubscribePricesAsync(string symbol, Action<StoredPrice> onPrice, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            _handlers.Add(onPrice);
            _active++;
            _maxActive = Math.Max(_maxActive, _active);
            _subscribes++;
        }

        return new Handle(this, onPrice);
    }

    /// <summary>Announces <paramref name="price"/> to every live subscription.</summary>
    public void Publish(StoredPrice price)
    {
        Action<StoredPrice>[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            handler(price);
        }
    }

    private async Task UnsubscribeAsync(Action<StoredPrice> handler)
    {
        await Task.Yield();
        lock (_gate)
        {
            _handlers.Remove(handler);
            _active--;
            _unsubscribes++;
        }
    }

    private sealed class Handle(CountingSubscriber owner, Action<StoredPrice> handler) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(owner.UnsubscribeAsync(handler));
    }
}
