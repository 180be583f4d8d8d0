using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>Price announcements whose subscription to one symbol waits at a gate the test opens: a slow Redis subscribe, held.</summary>
internal sealed class GatedSubscriber(IPriceAnnouncementSubscriber inner, string heldSymbol) : IPriceAnnouncementSubscriber
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _cancelled;

    /// <summary>Completes when a subscription to the held symbol has reached the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Subscriptions to the held symbol given up by their caller at the gate.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    public void Open() => _gate.TrySetResult();

    public Task<IAsyncDisposable> SubscribeSymbolsAsync(Action<string> onSymbol, CancellationToken cancellationToken) =>
        inner.SubscribeSymbolsAsync(onSymbol, cancellationToken);

    public async Task<IAsyncDisposable> SubscribePricesAsync(string symbol, Action<StoredPrice> onPrice, CancellationToken cancellationToken)
    {
        if (symbol == heldSymbol)
        {
            _entered.TrySetResult();
            try
            {
                await _gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelled);
                throw;
            }
        }

        return await inner.SubscribePricesAsync(symbol, onPrice, cancellationToken);
    }
}
