using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Publishing;

/// <summary>Subscribes to the price announcements of <see cref="IPriceAnnouncer"/>.</summary>
/// <remarks>
/// Handlers run on the subscription's delivery thread and must not block. Dispose the returned handle to
/// unsubscribe. The Redis implementation uses the process's one multiplexer, which re-subscribes on the node
/// that owns each channel after a reconnect or failover rather than staying pinned to one node.
/// </remarks>
public interface IPriceAnnouncementSubscriber
{
    /// <summary>Every symbol announced on <c>market_price_updates</c> (the reference channel; payload: the symbol).</summary>
    Task<IAsyncDisposable> SubscribeSymbolsAsync(Action<string> onSymbol, CancellationToken cancellationToken);

    /// <summary>Every written price of <paramref name="symbol"/>, from the sharded channel <c>prices:{market:SYMBOL}</c>.</summary>
    Task<IAsyncDisposable> SubscribePricesAsync(string symbol, Action<StoredPrice> onPrice, CancellationToken cancellationToken);
}
