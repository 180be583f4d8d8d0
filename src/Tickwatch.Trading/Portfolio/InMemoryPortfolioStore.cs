using Tickwatch.Core.Trading;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Portfolio;

/// <summary>The embedded portfolio store of <c>tickwatch up</c> and the unit tier: announcements and recompute requests go to in-process handlers.</summary>
/// <remarks>Handlers run on the caller's thread, in subscription order; one that throws is counted and skipped.</remarks>
public sealed class InMemoryPortfolioStore : IPortfolioStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<AccountId, AccountPortfolio> _portfolios = [];
    private readonly Dictionary<string, HashSet<AccountId>> _holders = new(StringComparer.Ordinal);
    private readonly InProcessHandlers<AccountId> _updateHandlers = new();
    private readonly InProcessHandlers<IReadOnlyList<AccountId>> _recalcHandlers = new();

    /// <summary>The embedded store cannot fail.</summary>
    public long Failures => 0;

    /// <summary>Requests here are lists of account ids already; none can be malformed.</summary>
    public long MalformedRecalcRequests => 0;

    /// <summary>Handler calls that threw.</summary>
    public long HandlerErrors => _updateHandlers.Errors + _recalcHandlers.Errors;

    public Task WriteAsync(AccountPortfolio portfolio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        lock (_lock)
        {
            _portfolios[portfolio.Account] = portfolio;
        }

        _updateHandlers.Invoke(portfolio.Account);
        return Task.CompletedTask;
    }

    public Task<AccountPortfolio?> ReadAsync(AccountId account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_portfolios.GetValueOrDefault(account));
        }
    }

    public Task AddHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        lock (_lock)
        {
            foreach (var symbol in symbols)
            {
                if (!_holders.TryGetValue(symbol, out var holders))
                {
                    _holders[symbol] = holders = [];
                }

                holders.Add(account);
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveHolderAsync(AccountId account, IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        lock (_lock)
        {
            foreach (var symbol in symbols)
            {
                if (_holders.TryGetValue(symbol, out var holders) && holders.Remove(account) && holders.Count == 0)
                {
                    _holders.Remove(symbol);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, IReadOnlySet<AccountId>>> ReadHoldersAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        lock (_lock)
        {
            var read = new Dictionary<string, IReadOnlySet<AccountId>>(StringComparer.Ordinal);
            foreach (var symbol in symbols)
            {
                if (_holders.TryGetValue(symbol, out var holders))
                {
                    read[symbol] = new HashSet<AccountId>(holders);
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlySet<AccountId>>>(read);
        }
    }

    public Task<IAsyncDisposable> SubscribeUpdatesAsync(Action<AccountId> onUpdated, CancellationToken cancellationToken) =>
        Task.FromResult(_updateHandlers.Add(onUpdated));

    public Task RequestRecalcAsync(IReadOnlyCollection<AccountId> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        _recalcHandlers.Invoke([.. accounts]);
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> SubscribeRecalcAsync(Action<IReadOnlyList<AccountId>> onRequest, CancellationToken cancellationToken) =>
        Task.FromResult(_recalcHandlers.Add(onRequest));
}
