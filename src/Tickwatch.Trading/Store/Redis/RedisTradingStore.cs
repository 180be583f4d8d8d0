using System.Globalization;
using StackExchange.Redis;
using Tickwatch.Core.Trading;
using Tickwatch.Storage;
using Tickwatch.Storage.Redis;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Orders.Redis;
using Order = Tickwatch.Trading.Orders.Order;

namespace Tickwatch.Trading.Store.Redis;

/// <summary>The trading store on a Redis Cluster, in the reference's keys: each account's change is one Lua script on the user's slot.</summary>
/// <remarks>
/// <para>
/// An account is <c>user:{live:42}:config</c> (the reference's fields, plus <c>currency</c> and <c>revision</c>), its
/// active order ids <c>user_orders_index:{live:42}</c>, each order <c>user_holdings:{live:42}:ORDER_ID</c>; a final order
/// leaves the index, its holdings expire after <see cref="FinalOrderTtl"/> and its id goes on
/// <c>user_orders_closed:{live:42}</c> (the newest <see cref="ClosedOrdersKept"/>). Idempotency keys are
/// <c>user_requests:{live:42}:KEY</c> for <see cref="RequestTtl"/>; the ledger's outbox is <c>ledger_outbox:{live:42}</c>.
/// All share the user's hash tag, so <see cref="TradingScripts.Commit"/> checks and writes them in one atomic step.
/// The same step numbers each changed order (<c>order_seq</c> in the config) and appends its event to
/// <c>order_events:{live:42}</c> (<see cref="RedisOrderEventStream"/> reads it), capped near <c>OrderEvents:Retain</c>.
/// </para>
/// <para>
/// The balance never passes through a double (HINCRBYFLOAT would): the new balance is computed here in
/// <see cref="decimal"/> from the stored text, and the script writes it only if the stored text is still the one it was
/// computed from and the revision is the expected one.
/// </para>
/// <para>
/// <c>accounts_index</c> and <c>groups_index</c> are in no user's or group's slot, so they are written after the
/// account or terms, outside their scripts. That is safe: they are only for listing, nothing reads an account or its
/// terms through them, and a write that stopped in between leaves an account that is not listed yet (never a listed
/// one that does not exist), which the next put of it (the seed re-applies every start) lists.
/// </para>
/// </remarks>
public sealed class RedisTradingStore : ITradingStore, ITradingOutbox, ITradingStoreRestore, IAutoCutoffLocks
{
    /// <summary>Times an account's put is tried again when the account changed between its read and its write.</summary>
    public const int PutAttempts = 16;

    /// <summary>
    /// How long a final order's holdings hash is kept for the client's history, older ones being the ledger's; and how long
    /// an account's order events outlive its last order change.
    /// </summary>
    public static readonly TimeSpan FinalOrderTtl = TimeSpan.FromDays(7);

    /// <summary>How long an idempotency key is remembered.</summary>
    public static readonly TimeSpan RequestTtl = TimeSpan.FromHours(24);

    /// <summary>Final order ids listed per account on <c>user_orders_closed</c>.</summary>
    public const int ClosedOrdersKept = 500;

    private static readonly RedisValue Yes = "1";
    private static readonly RedisValue No = "0";
    private static readonly RedisValue NoBalance = "(none)";

    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;
    private readonly int _orderEventsRetained;
    private long _scriptReloads;
    private long _failures;
    private long _danglingOrders;

    /// <param name="connection">The process's one Redis connection (not owned).</param>
    /// <param name="time">The clock of an account's put (its <c>account_changed</c> and <c>balance_changed</c> events) and of its order events.</param>
    /// <param name="orderEventsRetained">Order events kept per account (<see cref="OrderEventsOptions.Retain"/>; trimmed with MAXLEN ~).</param>
    public RedisTradingStore(RedisConnection connection, TimeProvider? time = null, int orderEventsRetained = OrderEventsOptions.DefaultRetain)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(orderEventsRetained);
        _connection = connection;
        _time = time ?? TimeProvider.System;
        _orderEventsRetained = orderEventsRetained;
        connection.Register(TradingScripts.Commit);
        connection.Register(TradingScripts.PutAccount);
        connection.Register(TradingScripts.ReadAccount);
        connection.Register(TradingScripts.TrimOutbox);
        connection.Register(TradingScripts.RestoreAccount);
        connection.Register(TradingScripts.LockStopOut);
        connection.Register(TradingScripts.RenewStopOut);
    }

    /// <summary>Script calls sent again as text because their node did not know the script (NOSCRIPT).</summary>
    public long ScriptReloads => Interlocked.Read(ref _scriptReloads);

    /// <summary>Calls that failed with a <see cref="TradingStoreException"/>: the store unreachable or data it cannot read.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Ids in an account's order index whose holdings hash was gone (skipped when the account was read).</summary>
    public long DanglingOrders => Interlocked.Read(ref _danglingOrders);

    public Task<AccountState?> ReadAccountAsync(AccountId account, CancellationToken cancellationToken) =>
        Guard("reading account " + account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var reply = await EvaluateAsync(
                database,
                TradingScripts.ReadAccount,
                [RedisKeys.UserConfig(account), RedisKeys.UserOrdersIndex(account)],
                [RedisKeys.UserHoldingsPrefix(account)]).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (reply.IsNull)
            {
                return null;
            }

            var parts = (RedisResult[])reply!;
            var config = TradingHashFields.AccountOf(account, HashOf(parts[0], RedisKeys.UserConfig(account)), out var revision);
            var orders = new List<Order>((parts.Length - 1) / 2);
            for (var i = 1; i + 1 < parts.Length; i += 2)
            {
                var id = (string)parts[i]!;
                var hash = HashOf(parts[i + 1], RedisKeys.UserHoldings(account, id));
                if (hash.Count == 0)
                {
                    Interlocked.Increment(ref _danglingOrders);
                    continue;
                }

                orders.Add(OrderOf(account, id, hash));
            }

            orders.Sort(static (x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.Id, y.Id));
            return (AccountState?)new AccountState(config, revision, orders);
        });

    public Task PutAccountAsync(TradingAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Guard("writing account " + account.Id, async () =>
        {
            var config = RedisKeys.UserConfig(account.Id);
            var fields = TradingHashFields.Of(account);
            var deleted = TradingHashFields.OptionalAccountFields.Where(f => !fields.Exists(e => e.Key == f)).ToArray();
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            for (var attempt = 0; attempt < PutAttempts; attempt++)
            {
                // The balance moved by the put is computed here in decimal; the script writes only over what was read.
                var stored = await database.HashGetAllAsync(config).WaitAsync(cancellationToken).ConfigureAwait(false);
                var hash = stored.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
                var existed = hash.Count > 0;
                var revisionText = hash.GetValueOrDefault(TradingHashFields.Revision) ?? "0";
                var balanceText = hash.GetValueOrDefault(TradingHashFields.WalletBalance);
                var balanceBefore = balanceText is null ? 0m : TradingHashFields.DecimalOf(config + " " + TradingHashFields.WalletBalance, balanceText);
                var revision = existed ? long.Parse(revisionText, NumberStyles.None, CultureInfo.InvariantCulture) + 1 : 1;
                var events = AccountEvents.OfPut(account, balanceBefore, _time.GetUtcNow());

                var arguments = new List<RedisValue>(5 + (2 * fields.Count) + deleted.Length + events.Count)
                {
                    existed ? revisionText : RedisValue.EmptyString,
                    balanceText ?? NoBalance,
                    fields.Count,
                    deleted.Length,
                    events.Count,
                };
                foreach (var (name, value) in fields)
                {
                    arguments.Add(name);
                    arguments.Add(value);
                }

                arguments.AddRange(deleted.Select(d => (RedisValue)d));
                arguments.AddRange(events.Select(e => (RedisValue)OutboxEntry.Write(revision, e)));
                var reply = await EvaluateAsync(database, TradingScripts.PutAccount, [config, RedisKeys.LedgerOutbox(account.Id)], [.. arguments]).ConfigureAwait(false);
                if (reply.Resp2Type != ResultType.Array || ((RedisResult[])reply!).Length < 2)
                {
                    throw new InvalidDataException($"The account put script answered {reply}.");
                }

                if ((long)((RedisResult[])reply!)[0] == TradingScripts.Committed)
                {
                    // Listed and marked after the write (neither is in the user's slot): see the remarks and ITradingOutbox.
                    await database.SetAddAsync(RedisKeys.AccountsIndex, account.Id.ToString()).ConfigureAwait(false);
                    await database.SetAddAsync(RedisKeys.LedgerOutboxPending, account.Id.ToString()).ConfigureAwait(false);
                    return true;
                }
            }

            throw new InvalidDataException($"The account changed under each of {PutAttempts} puts.");
        });
    }

    public Task<AccountRestoreOutcome> RestoreAccountAsync(AccountState state, CancellationToken cancellationToken)
    {
        AccountRestoreRules.Check(state);
        var account = state.Account.Id;
        return Guard("restoring account " + account, async () =>
        {
            var fields = TradingHashFields.Of(state.Account);
            var keys = new RedisKey[2 + state.ActiveOrders.Count];
            keys[0] = RedisKeys.UserConfig(account);
            keys[1] = RedisKeys.UserOrdersIndex(account);
            var arguments = new List<RedisValue>(4 + (2 * fields.Count) + (state.ActiveOrders.Count * 50))
            {
                state.Revision,
                RedisKeys.UserHoldingsPrefix(account),
                fields.Count,
                state.ActiveOrders.Count,
            };
            foreach (var (name, value) in fields)
            {
                arguments.Add(name);
                arguments.Add(value);
            }

            for (var i = 0; i < state.ActiveOrders.Count; i++)
            {
                var order = state.ActiveOrders[i];
                keys[2 + i] = RedisKeys.UserHoldings(account, order.Id);
                var orderFields = TradingHashFields.Of(order);
                arguments.Add(order.Id);
                arguments.Add(orderFields.Count);
                foreach (var (name, value) in orderFields)
                {
                    arguments.Add(name);
                    arguments.Add(value);
                }
            }

            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var reply = await EvaluateAsync(database, TradingScripts.RestoreAccount, keys, [.. arguments]).ConfigureAwait(false);
            var parts = reply.Resp2Type == ResultType.Array ? (RedisResult[])reply! : [];
            if (parts.Length < 2 || !long.TryParse((string?)parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var before))
            {
                throw new InvalidDataException($"The account restore script answered {reply}.");
            }

            if ((long)parts[0] != TradingScripts.Restored)
            {
                return new AccountRestoreOutcome(false, before);
            }

            // Listed after the write, as a put is (the index is in no user's slot); no outbox entry, so no pending mark.
            await database.SetAddAsync(RedisKeys.AccountsIndex, account.ToString()).ConfigureAwait(false);
            return new AccountRestoreOutcome(true, before);
        });
    }

    public Task<IReadOnlyList<AccountId>> ListAccountsAsync(CancellationToken cancellationToken) =>
        Guard("listing accounts", async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var members = await database.SetMembersAsync(RedisKeys.AccountsIndex).WaitAsync(cancellationToken).ConfigureAwait(false);
            var accounts = new List<AccountId>(members.Length);
            foreach (var member in members)
            {
                accounts.Add(AccountId.TryParse(member, out var id) ? id : throw new FormatException($"{RedisKeys.AccountsIndex}: '{member}' is not an account id."));
            }

            return (IReadOnlyList<AccountId>)accounts;
        });

    public Task<GroupSymbolTerms?> ReadTermsAsync(string group, string symbol, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        var key = RedisKeys.GroupSymbol(group, symbol);
        return Guard("reading " + key, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var hash = await database.HashGetAllAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
            return hash.Length == 0 ? null : TermsOf(group, symbol, key, hash);
        });
    }

    public Task PutTermsAsync(GroupSymbolTerms terms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var key = RedisKeys.GroupSymbol(terms.Group, terms.Symbol);
        return Guard("writing " + key, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var fields = TradingHashFields.Of(terms).Select(f => new HashEntry(f.Key, f.Value)).ToArray();

            // Terms first, then the sets that list them: a listing never names terms that are not there.
            var transaction = database.CreateTransaction();
            var written = transaction.HashSetAsync(key, fields);
            var listed = transaction.SetAddAsync(RedisKeys.GroupSymbols(terms.Group), terms.Symbol);
            await transaction.ExecuteAsync().ConfigureAwait(false);
            await Task.WhenAll(written, listed).ConfigureAwait(false);
            await database.SetAddAsync(RedisKeys.GroupsIndex, terms.Group).ConfigureAwait(false);
            return true;
        });
    }

    public Task<IReadOnlyList<GroupSymbolTerms>> ListTermsAsync(CancellationToken cancellationToken) =>
        Guard("listing group terms", async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var groups = (await database.SetMembersAsync(RedisKeys.GroupsIndex).WaitAsync(cancellationToken).ConfigureAwait(false))
                .Select(g => (string)g!).ToArray();
            var batch = database.CreateBatch();
            var symbolReads = groups.Select(g => batch.SetMembersAsync(RedisKeys.GroupSymbols(g))).ToArray();
            batch.Execute();
            await Task.WhenAll(symbolReads).WaitAsync(cancellationToken).ConfigureAwait(false);

            var pairs = new List<(string Group, string Symbol)>();
            for (var i = 0; i < groups.Length; i++)
            {
                pairs.AddRange(symbolReads[i].Result.Select(s => (groups[i], (string)s!)));
            }

            batch = database.CreateBatch();
            var termReads = pairs.Select(p => batch.HashGetAllAsync(RedisKeys.GroupSymbol(p.Group, p.Symbol))).ToArray();
            batch.Execute();
            await Task.WhenAll(termReads).WaitAsync(cancellationToken).ConfigureAwait(false);
            var terms = new List<GroupSymbolTerms>(pairs.Count);
            for (var i = 0; i < pairs.Count; i++)
            {
                if (termReads[i].Result is { Length: > 0 } hash)
                {
                    terms.Add(TermsOf(pairs[i].Group, pairs[i].Symbol, RedisKeys.GroupSymbol(pairs[i].Group, pairs[i].Symbol), hash));
                }
            }

            return (IReadOnlyList<GroupSymbolTerms>)terms;
        });

    public Task<Order?> ReadOrderAsync(AccountId account, string orderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        var key = RedisKeys.UserHoldings(account, orderId);
        return Guard("reading " + key, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var hash = await database.HashGetAllAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
            return hash.Length == 0 ? null : OrderOf(account, orderId, hash.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal));
        });
    }

    public Task<string?> ReadPriorResultAsync(AccountId account, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var key = RedisKeys.UserRequest(account, idempotencyKey);
        return Guard("reading " + key, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            return (string?)await database.StringGetAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
        });
    }

    public Task<CommitOutcome> CommitAsync(AccountCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.Orders.FirstOrDefault(o => o.Account != commit.Account) is { } foreign)
        {
            throw new ArgumentException($"Order {foreign.Id} is of account {foreign.Account}, not of {commit.Account} whose commit it is in.", nameof(commit));
        }

        var account = commit.Account;
        return Guard("committing to account " + account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var config = RedisKeys.UserConfig(account);
            RedisValue expectedBalance = RedisValue.EmptyString, newBalance = RedisValue.EmptyString;
            if (commit.BalanceChange != 0m)
            {
                // The new balance is computed here, exactly; the script writes it only over the text it was computed from.
                var stored = (string?)await database.HashGetAsync(config, TradingHashFields.WalletBalance).ConfigureAwait(false);

                // No balance (no account): a text no stored balance can equal, so the script answers unknown, duplicate or conflict.
                expectedBalance = stored ?? NoBalance;
                newBalance = stored is null
                    ? RedisValue.EmptyString
                    : TradingHashFields.Text(TradingHashFields.DecimalOf(config + " " + TradingHashFields.WalletBalance, stored) + commit.BalanceChange);
            }

            return await RunCommitAsync(database, commit, expectedBalance, newBalance).ConfigureAwait(false);
        });
    }

    /// <summary>The ledger's outbox of an account, oldest first: JSON entries <c>{"revision", "kind", "order_id", "payload"}</c>.</summary>
    public Task<IReadOnlyList<string>> ReadOutboxAsync(AccountId account, CancellationToken cancellationToken) =>
        Guard("reading the outbox of " + account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var entries = await database.ListRangeAsync(RedisKeys.LedgerOutbox(account)).WaitAsync(cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<string>)[.. entries.Select(e => (string)e!)];
        });

    public Task<IReadOnlyList<AccountId>> ReadPendingAccountsAsync(bool sweep, CancellationToken cancellationToken) =>
        Guard("reading the accounts with ledger outbox entries", async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var pending = new HashSet<string>(
                (await database.SetMembersAsync(RedisKeys.LedgerOutboxPending).WaitAsync(cancellationToken).ConfigureAwait(false)).Select(m => (string)m!),
                StringComparer.Ordinal);
            if (sweep)
            {
                // A mark lost with a process between a commit and its mark: every listed account's outbox, read once.
                var listed = (await database.SetMembersAsync(RedisKeys.AccountsIndex).WaitAsync(cancellationToken).ConfigureAwait(false))
                    .Select(m => (string)m!).Where(m => !pending.Contains(m)).ToArray();
                var batch = database.CreateBatch();
                var lengths = listed.Select(m => AccountId.TryParse(m, out var id) ? batch.ListLengthAsync(RedisKeys.LedgerOutbox(id)) : Task.FromResult(0L)).ToArray();
                batch.Execute();
                await Task.WhenAll(lengths).WaitAsync(cancellationToken).ConfigureAwait(false);
                var found = listed.Where((_, i) => lengths[i].Result > 0).ToArray();
                if (found.Length > 0)
                {
                    await database.SetAddAsync(RedisKeys.LedgerOutboxPending, [.. found.Select(f => (RedisValue)f)]).ConfigureAwait(false);
                    pending.UnionWith(found);
                }
            }

            var accounts = new List<AccountId>(pending.Count);
            foreach (var member in pending)
            {
                accounts.Add(AccountId.TryParse(member, out var id) ? id : throw new FormatException($"{RedisKeys.LedgerOutboxPending}: '{member}' is not an account id."));
            }

            return (IReadOnlyList<AccountId>)accounts;
        });

    public Task<OutboxPage> ReadOutboxAsync(AccountId account, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return Guard("reading the outbox of " + account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var key = RedisKeys.LedgerOutbox(account);
            var batch = database.CreateBatch();
            var entries = batch.ListRangeAsync(key, 0, max - 1);
            var depth = batch.ListLengthAsync(key);
            var revision = batch.HashGetAsync(RedisKeys.UserConfig(account), TradingHashFields.Revision);
            batch.Execute();
            await Task.WhenAll(entries, depth, revision).WaitAsync(cancellationToken).ConfigureAwait(false);
            var revisionText = (string?)revision.Result ?? "0";
            return new OutboxPage(
                [.. entries.Result.Select(e => (string)e!)],
                depth.Result,
                long.TryParse(revisionText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0);
        });
    }

    public Task<long> TrimOutboxAsync(AccountId account, int count, string last, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(last);
        return Guard("trimming the outbox of " + account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var key = RedisKeys.LedgerOutbox(account);
            var left = (long)await EvaluateAsync(database, TradingScripts.TrimOutbox, [key], [count, last]).ConfigureAwait(false);
            if (left == 0)
            {
                // Unmarked, then looked at again: an entry appended meanwhile is either seen here or marked after this.
                await database.SetRemoveAsync(RedisKeys.LedgerOutboxPending, account.ToString()).ConfigureAwait(false);
                left = await database.ListLengthAsync(key).ConfigureAwait(false);
                if (left > 0)
                {
                    await database.SetAddAsync(RedisKeys.LedgerOutboxPending, account.ToString()).ConfigureAwait(false);
                }
            }

            return left;
        });
    }

    public Task<StopOutFence?> TryLockStopOutAsync(AccountId account, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return Guard("locking the stop-out of " + account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var token = (long)await EvaluateAsync(
                database,
                TradingScripts.LockStopOut,
                [RedisKeys.AutoCutoffStopOutLock(account), RedisKeys.AutoCutoffFence(account)],
                [owner, Milliseconds(ttl)]).WaitAsync(cancellationToken).ConfigureAwait(false);
            return token > 0 ? new StopOutFence(account, token, owner) : null;
        });
    }

    public Task<bool> RenewStopOutAsync(StopOutFence fence, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return RenewOrReleaseAsync(fence, Milliseconds(ttl), "renewing", cancellationToken);
    }

    public Task ReleaseStopOutAsync(StopOutFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return RenewOrReleaseAsync(fence, 0, "releasing", cancellationToken);
    }

    public Task<string?> ReadStopOutLockAsync(AccountId account, CancellationToken cancellationToken) =>
        Guard("reading the stop-out lock of " + account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            return (string?)await database.StringGetAsync(RedisKeys.AutoCutoffStopOutLock(account)).WaitAsync(cancellationToken).ConfigureAwait(false);
        });

    public Task<bool> TryReserveMarginCallAsync(AccountId account, TimeSpan window, CancellationToken cancellationToken) =>
        Guard("reserving the margin call of " + account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            return await database.StringSetAsync(RedisKeys.AutoCutoffAlertSent(account), _time.GetUtcNow().ToUnixTimeMilliseconds(), window, When.NotExists)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        });

    private static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)ttl.TotalMilliseconds);

    private Task<bool> RenewOrReleaseAsync(StopOutFence fence, long ttlMilliseconds, string what, CancellationToken cancellationToken) =>
        Guard(what + " the stop-out lock of " + fence.Account, async () =>
        {
            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var done = (long)await EvaluateAsync(
                database,
                TradingScripts.RenewStopOut,
                [RedisKeys.AutoCutoffStopOutLock(fence.Account)],
                [fence.Value, ttlMilliseconds]).WaitAsync(cancellationToken).ConfigureAwait(false);
            return done == 1;
        });

    private async Task<CommitOutcome> RunCommitAsync(IDatabaseAsync database, AccountCommit commit, RedisValue expectedBalance, RedisValue newBalance)
    {
        var account = commit.Account;
        var keys = new RedisKey[TradingScripts.CommitHeaderKeys + commit.Orders.Count];
        keys[0] = RedisKeys.UserConfig(account);
        keys[1] = RedisKeys.UserOrdersIndex(account);
        keys[2] = RedisKeys.LedgerOutbox(account);
        keys[3] = RedisKeys.UserOrdersClosed(account);
        keys[4] = commit.IdempotencyKey is { } idempotencyKey ? RedisKeys.UserRequest(account, idempotencyKey) : keys[0];
        keys[5] = RedisKeys.AutoCutoffStopOutLock(account);
        keys[6] = RedisKeys.OrderEvents(account);

        var arguments = new List<RedisValue>(TradingScripts.CommitHeaderArguments + (commit.Orders.Count * 50) + commit.Events.Count)
        {
            commit.ExpectedRevision,
            expectedBalance,
            newBalance,
            commit.IdempotencyKey is null ? No : Yes,
            commit.Result ?? string.Empty,
            (long)RequestTtl.TotalSeconds,
            (long)FinalOrderTtl.TotalSeconds,
            ClosedOrdersKept,
            commit.Orders.Count,
            commit.Events.Count,
            commit.Fence?.Value ?? string.Empty,
            _orderEventsRetained,
        };

        // Each order's event as announced; its number is the script's to give (the entry's id), and is added after.
        var committedAt = _time.GetUtcNow();
        var orderEvents = new OrderAnnouncement[commit.Orders.Count];
        for (var i = 0; i < commit.Orders.Count; i++)
        {
            var order = commit.Orders[i];
            keys[TradingScripts.CommitHeaderKeys + i] = RedisKeys.UserHoldings(account, order.Id);
            var fields = TradingHashFields.Of(order);
            arguments.Add(order.Id);
            arguments.Add(OrderTypeRules.IsFinal(order.Status) ? Yes : No);
            arguments.Add(fields.Count);
            foreach (var (name, value) in fields)
            {
                arguments.Add(name);
                arguments.Add(value);
            }

            orderEvents[i] = OrderAnnouncement.Of(order, committedAt);
            arguments.Add(OrderAnnouncementJson.Write(orderEvents[i]));
        }

        // The script writes only at ExpectedRevision, and its write raises it by one: the entries' revision.
        var revision = commit.ExpectedRevision + 1;
        arguments.AddRange(commit.Events.Select(e => (RedisValue)OutboxEntry.Write(revision, e)));

        var reply = await EvaluateAsync(database, TradingScripts.Commit, keys, [.. arguments]).ConfigureAwait(false);
        var parts = reply.Resp2Type == ResultType.Array ? (RedisResult[])reply! : [];
        if (parts.Length < 2 || !long.TryParse((string?)parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var after))
        {
            throw new InvalidDataException($"The commit script answered {reply}.");
        }

        if ((long)parts[0] == TradingScripts.Committed && commit.Events.Count > 0)
        {
            // Marked after the write, not waited for: a mark lost with the connection is found by the writer's sweep.
            _ = database.SetAddAsync(RedisKeys.LedgerOutboxPending, account.ToString(), CommandFlags.FireAndForget);
        }

        long? firstOrderSeq = null;
        if ((long)parts[0] == TradingScripts.Committed && commit.Orders.Count > 0)
        {
            if (parts.Length < 3 || !long.TryParse((string?)parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var first) || first <= 0)
            {
                throw new InvalidDataException($"The commit script answered {reply} for a commit with orders.");
            }

            firstOrderSeq = first;
            for (var i = 0; i < orderEvents.Length; i++)
            {
                CommittedOrderEvents.Attach(commit.Orders[i], orderEvents[i] with { Seq = first + i });
            }
        }

        return (long)parts[0] switch
        {
            TradingScripts.Committed => new CommitOutcome(CommitStatus.Committed, after, FirstOrderSeq: firstOrderSeq),
            TradingScripts.Conflict => new CommitOutcome(CommitStatus.Conflict, after),
            TradingScripts.Duplicate when parts.Length >= 3 => new CommitOutcome(CommitStatus.Duplicate, after, (string?)parts[2]),
            TradingScripts.UnknownAccount => new CommitOutcome(CommitStatus.UnknownAccount, 0),
            TradingScripts.Fenced => new CommitOutcome(CommitStatus.Fenced, after),
            _ => throw new InvalidDataException($"The commit script answered {reply}."),
        };
    }

    private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await _connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
    }

    private async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisScript script, RedisKey[] keys, RedisValue[] arguments)
    {
        var (reply, reloaded) = await script.EvaluateAsync(database, keys, arguments).ConfigureAwait(false);
        if (reloaded)
        {
            Interlocked.Increment(ref _scriptReloads);
        }

        return reply;
    }

    /// <summary>Runs a store call; a failure of the store, or data it cannot read, comes back as one <see cref="TradingStoreException"/> naming what was done.</summary>
    private async Task<T> Guard<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or FormatException or OverflowException or InvalidDataException or InvalidCastException)
        {
            Interlocked.Increment(ref _failures);
            throw new TradingStoreException($"Redis trading store, {what}: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, string> HashOf(RedisResult flat, string key)
    {
        if (flat.Resp2Type != ResultType.Array)
        {
            throw new InvalidDataException($"{key}: the script answered {flat} for a hash.");
        }

        var items = (RedisResult[])flat!;
        var hash = new Dictionary<string, string>(items.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            hash[(string)items[i]!] = (string)items[i + 1]!;
        }

        return hash;
    }

    private static Order OrderOf(AccountId account, string orderId, Dictionary<string, string> hash)
    {
        try
        {
            return TradingHashFields.OrderOf(account, hash);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new FormatException($"{RedisKeys.UserHoldings(account, orderId)} {ex.Message}", ex);
        }
    }

    private static GroupSymbolTerms TermsOf(string group, string symbol, string key, HashEntry[] hash)
    {
        try
        {
            return TradingHashFields.TermsOf(group, symbol, hash.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{key} {ex.Message}", ex);
        }
    }
}
