using System.Collections.Concurrent;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Portfolio;

/// <summary>A portfolio store whose holder changes fail once for chosen accounts, as a Redis node that drops a call; everything else passes to <paramref name="inner"/>.</summary>
internal sealed class HolderFaultPortfolioStore(IPortfolioStore inner) : IPortfolioStore
{
    private readonly ConcurrentDictionary<AccountId, bool> _failNext = new();

    public long Failures => inner.Failures;

    public long MalformedRecalcRequests => inner.MalformedRecalcRequests;

    /// <summary>The next holder change of <paramref name="account"/> throws a <see cref="TradingStoreException"/>.</summary>
    public void FailNextHolderChange(AccountId account) => _failNext[account] = true;

    public Task WriteAsync(AccountPortfolio portfolio, CancellationToken cancellationToken) => inner.WriteAsync(portfolio, cancellationToken);

    public Task<AccountPortfolio?> ReadAsync(AccountId account, CancellationToken cancellationToken) => inner.ReadAsync(account, cancellationToken);

    public async Task AddHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        // Answered later, as a store over the network would: the calculator has many changes in flight at once.
        await Task.Yield();
        ThrowIfFailing(account);
        await inner.AddHolderAsync(account, symbols, cancellationToken);
    }

    public async Task RemoveHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        await Task.Yield();
        ThrowIfFailing(account);
        await inner.RemoveHolderAsync(account, symbols, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, IReadOnlySet<AccountId>>> ReadHoldersAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        inner.ReadHoldersAsync(symbols, cancellationToken);

    public Task<IAsyncDisposable> SubscribeUpdatesAsync(Action<AccountId> onUpdated, CancellationToken cancellationToken) => inner.SubscribeUpdatesAsync(onUpdated, cancellationToken);

    public Task RequestRecalcAsync(IReadOnlyCollection<AccountId> accounts, CancellationToken cancellationToken) => inner.RequestRecalcAsync(accounts, cancellationToken);

    public Task<IAsyncDisposable> SubscribeRecalcAsync(Action<IReadOnlyList<AccountId>> onRequest, CancellationToken cancellationToken) =>
        inner.SubscribeRecalcAsync(onRequest, cancellationToken);

    private void ThrowIfFailing(AccountId account)
    {
        if (_failNext.TryRemove(account, out _))
        {
            throw new TradingStoreException($"Holder change of {account} failed (test).");
        }
    }
}
