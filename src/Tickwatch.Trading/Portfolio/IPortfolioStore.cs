using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Portfolio;

/// <summary>
/// Where the portfolio calculator keeps its results: each account's portfolio (announced on <c>portfolio_updates</c>),
/// the users holding each symbol (<c>symbol_holders:EURUSD:live</c>), and the <c>portfolio_force_recalc</c> requests.
/// </summary>
/// <remarks>
/// The embedded store and the Redis Cluster store pass one contract suite. <see cref="WriteAsync"/> writes and announces
/// in one call, and announces only what it wrote (reference defect 6: it published after failed writes). Failures of the
/// store come back as a <see cref="Store.TradingStoreException"/> naming what was done, and are counted.
/// </remarks>
public interface IPortfolioStore
{
    /// <summary>Calls that failed with a <see cref="Store.TradingStoreException"/>.</summary>
    long Failures { get; }

    /// <summary>Recompute requests (or users in them) that could not be read, and announcements that named no account.</summary>
    long MalformedRecalcRequests { get; }

    /// <summary>Replaces the account's portfolio (figures it lacks are deleted, never left old) and announces <c>type:id</c> on <c>portfolio_updates</c>.</summary>
    Task WriteAsync(AccountPortfolio portfolio, CancellationToken cancellationToken);

    /// <summary>The account's portfolio, or null when none was written.</summary>
    Task<AccountPortfolio?> ReadAsync(AccountId account, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="account"/> to the holders of each symbol.</summary>
    Task AddHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="account"/> from the holders of each symbol.</summary>
    Task RemoveHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken);

    /// <summary>The holders of each symbol, of every user type (symbols nobody holds are absent).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlySet<AccountId>>> ReadHoldersAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onUpdated"/> with each account announced on <c>portfolio_updates</c> until the subscription is disposed.</summary>
    Task<IAsyncDisposable> SubscribeUpdatesAsync(Action<AccountId> onUpdated, CancellationToken cancellationToken);

    /// <summary>Asks every calculator to recompute <paramref name="accounts"/> (<c>portfolio_force_recalc</c>, <c>{"users":[...]}</c>).</summary>
    Task RequestRecalcAsync(IReadOnlyCollection<AccountId> accounts, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onRequest"/> with the users of each recompute request; a request that cannot be read is counted and skipped.</summary>
    Task<IAsyncDisposable> SubscribeRecalcAsync(Action<IReadOnlyList<AccountId>> onRequest, CancellationToken cancellationToken);
}
