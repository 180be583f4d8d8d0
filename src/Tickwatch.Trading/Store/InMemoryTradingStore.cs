using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Store;

/// <summary>The embedded trading store of <c>tickwatch up</c> and the unit tier; held to the same contract as Redis.</summary>
/// <param name="time">The clock of an account's put (its <c>account_changed</c> and <c>balance_changed</c> events) and of its order events.</param>
/// <param name="orderEventsRetained">Order events kept per account (<see cref="OrderEventsOptions.Retain"/>), exactly.</param>
public sealed class InMemoryTradingStore(TimeProvider? time = null, int orderEventsRetained = OrderEventsOptions.DefaultRetain)
    : ITradingStore, ITradingOutbox, ITradingStoreRestore, IAutoCutoffLocks, IOrderEventStream
{
    /// <summary>Final orders kept per account for the client's history; older ones are the ledger's.</summary>
    public const int FinalOrdersKept = 500;

    /// <summary>Idempotency keys remembered per account; a repeat older than this many requests is not recognised.</summary>
    public const int KeysKept = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<AccountId, Entry> _accounts = [];
    private readonly Dictionary<(string Group, string Symbol), GroupSymbolTerms> _terms = [];
    private readonly HashSet<AccountId> _pending = [];
    private readonly Dictionary<AccountId, (string Value, DateTimeOffset Expires)> _stopOutLocks = [];
    private readonly Dictionary<AccountId, long> _fences = [];
    private readonly Dictionary<AccountId, DateTimeOffset> _marginCalls = [];
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly int _orderEventsRetained = orderEventsRetained > 0
        ? orderEventsRetained
        : throw new ArgumentOutOfRangeException(nameof(orderEventsRetained), orderEventsRetained, "At least one order event is kept.");

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
            var existed = _accounts.TryGetValue(account.Id, out var entry);
            var events = AccountEvents.OfPut(account, existed ? entry!.Account.WalletBalance : 0m, _time.GetUtcNow());
            var texts = Texts(existed ? entry!.Revision + 1 : 1, events);
            if (existed)
            {
                entry!.Account = account;
                entry.Revision++;
            }
            else
            {
                entry = _accounts[account.Id] = new Entry(account);
            }

            Append(account.Id, entry, events, texts);
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

            if (commit.Fence is { } fence && !Holds(fence))
            {
                return Task.FromResult(new CommitOutcome(CommitStatus.Fenced, entry.Revision));
            }

            if (entry.Revision != commit.ExpectedRevision)
            {
                return Task.FromResult(new CommitOutcome(CommitStatus.Conflict, entry.Revision));
            }

            // Entries first: a payload that is not JSON is refused before anything changes (as Redis does).
            var texts = Texts(entry.Revision + 1, commit.Events);
            entry.Revision++;
            entry.Account = entry.Account with { WalletBalance = entry.Account.WalletBalance + commit.BalanceChange };
            foreach (var order in commit.Orders)
            {
                entry.Put(order);
            }

            Append(commit.Account, entry, commit.Events, texts);

            if (commit.IdempotencyKey is { } newKey)
            {
                entry.Remember(newKey, commit.Result ?? string.Empty);
            }

            // Numbered as Redis numbers them: one per order, in the commit's order, none for a commit without orders.
            long? firstOrderSeq = commit.Orders.Count > 0 ? entry.OrderSeq + 1 : null;
            var committedAt = _time.GetUtcNow();
            foreach (var order in commit.Orders)
            {
                var committed = OrderAnnouncement.Of(order, committedAt) with { Seq = ++entry.OrderSeq };
                entry.AddOrderEvent(committed, _orderEventsRetained);
                CommittedOrderEvents.Attach(order, committed);
            }

            return Task.FromResult(new CommitOutcome(CommitStatus.Committed, entry.Revision, FirstOrderSeq: firstOrderSeq));
        }
    }

    public Task<AccountRestoreOutcome> RestoreAccountAsync(AccountState state, CancellationToken cancellationToken)
    {
        AccountRestoreRules.Check(state);
        lock (_lock)
        {
            var existed = _accounts.TryGetValue(state.Account.Id, out var entry);
            if (existed && entry!.Revision >= state.Revision)
            {
                return Task.FromResult(new AccountRestoreOutcome(false, entry.Revision));
            }

            var before = existed ? entry!.Revision : 0;
            entry ??= _accounts[state.Account.Id] = new Entry(state.Account);
            entry.Account = state.Account;
            entry.Revision = state.Revision;

            // The ledger's active orders replace the held ones; final ones stay for the client's history.
            foreach (var id in entry.Orders.Values.Where(o => !OrderTypeRules.IsFinal(o.Status)).Select(o => o.Id).ToList())
            {
                entry.Orders.Remove(id);
            }

            foreach (var order in state.ActiveOrders)
            {
                entry.Put(order);
            }

            return Task.FromResult(new AccountRestoreOutcome(true, before));
        }
    }

    public Task<OrderEventPage> ReadSinceAsync(AccountId account, long sinceSeq, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sinceSeq);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (_lock)
        {
            if (!_accounts.TryGetValue(account, out var entry))
            {
                return Task.FromResult(OrderEventPage.Of(sinceSeq, 0, 0, []));
            }

            var events = entry.OrderEvents;
            var first = events.Count > 0 ? events.Peek().Seq!.Value : 0;
            return Task.FromResult(OrderEventPage.Of(sinceSeq, first, entry.OrderSeq, [.. events.Where(e => e.Seq > sinceSeq).Take(max)]));
        }
    }

    /// <summary>The outbox of an account in commit order, each event with the revision it was committed at (for the ledger writer and tests).</summary>
    public IReadOnlyList<(long Revision, TradingEvent Event)> Outbox(AccountId account)
    {
        lock (_lock)
        {
            return _accounts.TryGetValue(account, out var entry) ? [.. entry.Outbox.Select(e => (e.Revision, e.Event))] : [];
        }
    }

    public Task<IReadOnlyList<AccountId>> ReadPendingAccountsAsync(bool sweep, CancellationToken cancellationToken)
    {
        // Marks are taken under the same lock as the entries: nothing to sweep for.
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccountId>>([.. _pending]);
        }
    }

    public Task<OutboxPage> ReadOutboxAsync(AccountId account, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (_lock)
        {
            if (!_accounts.TryGetValue(account, out var entry))
            {
                return Task.FromResult(new OutboxPage([], 0, 0));
            }

            return Task.FromResult(new OutboxPage([.. entry.Outbox.Take(max).Select(e => e.Text)], entry.Outbox.Count, entry.Revision));
        }
    }

    public Task<long> TrimOutboxAsync(AccountId account, int count, string last, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(last);
        lock (_lock)
        {
            if (!_accounts.TryGetValue(account, out var entry))
            {
                return Task.FromResult(0L);
            }

            if (count > 0 && count <= entry.Outbox.Count && string.Equals(entry.Outbox[count - 1].Text, last, StringComparison.Ordinal))
            {
                entry.Outbox.RemoveRange(0, count);
            }

            if (entry.Outbox.Count == 0)
            {
                _pending.Remove(account);
            }

            return Task.FromResult((long)entry.Outbox.Count);
        }
    }

    public Task<StopOutFence?> TryLockStopOutAsync(AccountId account, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_stopOutLocks.TryGetValue(account, out var held) && held.Expires > now)
            {
                return Task.FromResult<StopOutFence?>(null);
            }

            var fence = new StopOutFence(account, _fences[account] = _fences.GetValueOrDefault(account) + 1, owner);
            _stopOutLocks[account] = (fence.Value, now + ttl);
            return Task.FromResult<StopOutFence?>(fence);
        }
    }

    public Task<bool> RenewStopOutAsync(StopOutFence fence, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        lock (_lock)
        {
            if (!Holds(fence))
            {
                return Task.FromResult(false);
            }

            _stopOutLocks[fence.Account] = (fence.Value, _time.GetUtcNow() + ttl);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseStopOutAsync(StopOutFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        lock (_lock)
        {
            if (Holds(fence))
            {
                _stopOutLocks.Remove(fence.Account);
            }
        }

        return Task.CompletedTask;
    }

    public Task<string?> ReadStopOutLockAsync(AccountId account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_stopOutLocks.TryGetValue(account, out var held) && held.Expires > _time.GetUtcNow() ? held.Value : null);
        }
    }

    public Task<bool> TryReserveMarginCallAsync(AccountId account, TimeSpan window, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_marginCalls.TryGetValue(account, out var until) && until > now)
            {
                return Task.FromResult(false);
            }

            _marginCalls[account] = now + window;
            return Task.FromResult(true);
        }
    }

    // Under _lock: the fence's value is the unexpired lock of its account.
    private bool Holds(StopOutFence fence) =>
        _stopOutLocks.TryGetValue(fence.Account, out var held) && held.Expires > _time.GetUtcNow() && string.Equals(held.Value, fence.Value, StringComparison.Ordinal);

    private static string[] Texts(long revision, IReadOnlyList<TradingEvent> events) => [.. events.Select(e => OutboxEntry.Write(revision, e))];

    private void Append(AccountId account, Entry entry, IReadOnlyList<TradingEvent> events, string[] texts)
    {
        for (var i = 0; i < events.Count; i++)
        {
            entry.Outbox.Add((entry.Revision, events[i], texts[i]));
        }

        if (events.Count > 0)
        {
            _pending.Add(account);
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

        public List<(long Revision, TradingEvent Event, string Text)> Outbox { get; } = [];

        /// <summary>The number of the account's last order event.</summary>
        public long OrderSeq { get; set; }

        /// <summary>The latest order events, oldest first.</summary>
        public Queue<OrderAnnouncement> OrderEvents { get; } = new();

        public void AddOrderEvent(OrderAnnouncement committed, int retained)
        {
            OrderEvents.Enqueue(committed);
            while (OrderEvents.Count > retained)
            {
                OrderEvents.Dequeue();
            }
        }

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
