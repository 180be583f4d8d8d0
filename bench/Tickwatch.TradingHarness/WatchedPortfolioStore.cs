using Tickwatch.Core.Trading;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.TradingHarness;

/// <summary>
/// The market's portfolio store (in memory or Redis) as the calculator uses it, telling the <see cref="HolderWatch"/> of
/// each write the store has acknowledged; everything else passes straight through.
/// </summary>
internal sealed class WatchedPortfolioStore(IPortfolioStore inner, HolderWatch watch) : IPortfolioStore
{
    private long _acknowledged;

    /// <summary>Portfolio writes the store acknowledged since start.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Failures => inner.Failures;

    public long MalformedRecalcRequests => inner.MalformedRecalcRequests;

    public Task WriteAsync(AccountPortfolio portfolio, CancellationToken cancellationToken)
    {
        var write = inner.WriteAsync(portfolio, cancellationToken);
        if (write.IsCompletedSuccessfully)
        {
            Acknowledge(portfolio);
            return write;
        }

        // A Redis write is seen when its reply arrives: one continuation per write, the harness's only cost on that path.
        return AcknowledgeAsync(write, portfolio);
    }

    public Task<AccountPortfolio?> ReadAsync(AccountId account, CancellationToken cancellationToken) => inner.ReadAsync(account, cancellationToken);

    public Task AddHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        inner.AddHolderAsync(account, symbols, cancellationToken);

    public Task RemoveHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        inner.RemoveHolderAsync(account, symbols, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlySet<AccountId>>> ReadHoldersAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        inner.ReadHoldersAsync(symbols, cancellationToken);

    public Task<IAsyncDisposable> SubscribeUpdatesAsync(Action<AccountId> onUpdated, CancellationToken cancellationToken) =>
        inner.SubscribeUpdatesAsync(onUpdated, cancellationToken);

    public Task RequestRecalcAsync(IReadOnlyCollection<AccountId> accounts, CancellationToken cancellationToken) =>
        inner.RequestRecalcAsync(accounts, cancellationToken);

    public Task<IAsyncDisposable> SubscribeRecalcAsync(Action<IReadOnlyList<AccountId>> onRequest, CancellationToken cancellationToken) =>
        inner.SubscribeRecalcAsync(onRequest, cancellationToken);

    private void Acknowledge(AccountPortfolio portfolio)
    {
        Interlocked.Increment(ref _acknowledged);
        watch.Written(portfolio);
    }

    private async Task AcknowledgeAsync(Task write, AccountPortfolio portfolio)
    {
        await write.ConfigureAwait(false);
        Acknowledge(portfolio);
    }
}
