using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Store;

/// <summary>The embedded trading store of <c>tickwatch up</c> and the unit tier; held to the same contract as Redis.</summary>
public sealed class InMemoryTradingStore : ITradingStore
{
    /// <summary>Final orders kept per account for the client's history; older ones are the ledger's.</summary>
    public const int FinalOrdersKept = 500;

    /// <summary>Idempotency keys remembered per account; a repeat older than this many requests is not recognised.</summary>
    public const int KeysKept = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<AccountId, Entry> _accounts = [];
    private readonly Dictionary<(string Group, string Symbol), GroupSymbolTerms> _terms = [];

    public Task<AccountState?> ReadAccountAsync(AccountId account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.TryGetValue(account, out var entry) ? entry.State() : null);
        }
    }

    public Task PutAccountAsync(TradingAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (_lock)
        {
            if (_accounts.TryGetValue(account.Id, out var entry))
            {
                entry.Account = account;
                entry.Revision++;
            }
            else
            {
                _accounts[account.Id] = new Entry(account);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AccountId>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccountId>>([.. _accounts.Keys]);
        }
    }

    public Task<GroupSymbolTerms?> ReadTermsAsync(string group, string symbol, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_terms.GetValueOrDefault((group, symbol)));
        }
    }

    public Task PutTermsAsync(GroupSymbolTerms terms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        lock (_lock)
        {
            _terms[(terms.Group, terms.Symbol)] = terms;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<GroupSymbolTerms>> ListTermsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<GroupSymbolTerms>>([.. _terms.Values]);
        }
    }

    public Task<Order?> ReadOrderAsync(AccountId account, string orderId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.TryGetValue(account, out var entry) ? entry.Orders.GetValueOrDefault(orderId) : null);
        }
    }

    public Task<string?> ReadPriorResultAsync(AccountId account, string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.TryGetValue(account, out var entry) ? entry.Results.GetValueOrDefault(idempotencyKey) : null);
        }
    }

    public Task<CommitOutcome> CommitAsync(AccountCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        lock (_lock)
        {
            if (!_accounts.TryGetValue(commit.Account, out var entry))
            {
                return Task.FromResult(new CommitOutcome(CommitStatus.UnknownAccount, 0));
            }

            if (commit.IdempotencyKey is { } key && entry.Results.TryGetValue(key, out var prior))
            {
                return Task.FromResult(new CommitOutcome(CommitStatus.Duplicate, entry.Revision, prior));
            }

            if (entry.Revision != commit.ExpectedRevision)
            {
                return Task.FromResult(new CommitOutcome(CommitStatus.Conflict, entry.Revision));
            }

            entry.Revision++;
            entry.Account = entry.Account with { WalletBalance = entry.Account.WalletBalance + commit.BalanceChange };
            foreach (var order in commit.Orders)
            {
                entry.Put(order);
            }

            foreach (var tradingEvent in commit.Events)
            {
                entry.Outbox.Add((entry.Revision, tradingEvent));
            }

            if (commit.IdempotencyKey is { } newKey)
            {
                entry.Remember(newKey, commit.Result ?? string.Empty);
            }

            return Task.FromResult(new CommitOutcome(CommitStatus.Committed, entry.Revision));
        }
    }

    /// <summary>The outbox of an account in commit order, each event with the revision it was committed at (for the ledger writer and tests).</summary>
    public IReadOnlyList<(long Revision, TradingEvent Event)> Outbox(AccountId account)
    {
        lock (_lock)
        {
            return _accounts.TryGetValue(account, out var entry) ? [.. entry.Outbox] : [];
        }
    }

    private sealed class Entry(TradingAccount account)
    {
        private readonly Queue<string> _finalOrder = new();
        private readonly Queue<string> _keys = new();

        public TradingAccount Account { get; set; } = account;

        public long Revision { get; set; } = 1;

        public Dictionary<string, Order> Orders { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Results { get; } = new(StringComparer.Ordinal);

        public List<(long, TradingEvent)> Outbox { get; } = [];

        public AccountState State() =>
            new(Account, Revision, [.. Orders.Values.Where(o => !OrderTypeRules.IsFinal(o.Status)).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal)]);

        public void Remember(string key, string result)
        {
            Results[key] = result;
            _keys.Enqueue(key);
            while (_keys.Count > KeysKept)
            {
                Results.Remove(_keys.Dequeue());
            }
        }

        public void Put(Order order)
        {
            var wasFinal = Orders.TryGetValue(order.Id, out var before) && OrderTypeRules.IsFinal(before.Status);
            Orders[order.Id] = order;
            if (!wasFinal && OrderTypeRules.IsFinal(order.Status))
            {
                _finalOrder.Enqueue(order.Id);
                while (_finalOrder.Count > FinalOrdersKept)
                {
                    Orders.Remove(_finalOrder.Dequeue());
                }
            }
        }
    }
}
