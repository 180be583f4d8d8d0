using Tickwatch.Core.Trading;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Trading.Tests.Portfolio;

/// <summary>An in-memory portfolio store whose writes can be held at a gate: a calculator busy writing, deterministically.</summary>
internal sealed class GatedPortfolioStore : IPortfolioStore
{
    private readonly InMemoryPortfolioStore _inner = new();
    private TaskCompletionSource? _gate;
    private Func<AccountId, bool> _held = static _ => true;
    private int _waiting;

    public long Failures => _inner.Failures;

    public long MalformedRecalcRequests => _inner.MalformedRecalcRequests;

    /// <summary>Writes from now on (of the accounts <paramref name="held"/> names, all by default) wait until <see cref="Open"/>.</summary>
    public void Close(Func<AccountId, bool>? held = null)
    {
        Volatile.Write(ref _held, held ?? (static _ => true));
        Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    public void Open() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    /// <summary>Writes waiting at the gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async Task WriteAsync(AccountPortfolio portfolio, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _gate) is { } gate && Volatile.Read(ref _held)(portfolio.Account))
        {
            Interlocked.Increment(ref _waiting);
            await gate.Task.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref _waiting);
        }

        await _inner.WriteAsync(portfolio, cancellationToken);
    }

    public Task<AccountPortfolio?> ReadAsync(AccountId account, CancellationToken cancellationToken) => _inner.ReadAsync(account, cancellationToken);

    public Task AddHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) => _inner.AddHolderAsync(account, symbols, cancellationToken);

    public Task RemoveHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) => _inner.RemoveHolderAsync(account, symbols, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlySet<AccountId>>> ReadHoldersAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        _inner.ReadHoldersAsync(symbols, cancellationToken);

    public Task<IAsyncDisposable> SubscribeUpdatesAsync(Action<AccountId> onUpdated, CancellationToken cancellationToken) => _inner.SubscribeUpdatesAsync(onUpdated, cancellationToken);

    public Task RequestRecalcAsync(IReadOnlyCollection<AccountId> accounts, CancellationToken cancellationToken) => _inner.RequestRecalcAsync(accounts, cancellationToken);

    public Task<IAsyncDisposable> SubscribeRecalcAsync(Action<IReadOnlyList<AccountId>> onRequest, CancellationToken cancellationToken) =>
        _inner.SubscribeRecalcAsync(onRequest, cancellationToken);
}
