using System.Text.Json;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Store;

/// <summary>
/// What every <see cref="ITradingStore"/> does, the embedded one and Redis Cluster alike: the suite each implementation's
/// test class inherits. Each test uses accounts of its own, so a shared store between tests does no harm.
/// </summary>
public abstract partial class TradingStoreContract
{
    private static long _nextAccount = Environment.TickCount64 % 1_000_000 * 1_000;

    protected abstract ITradingStore Store { get; }

    public static AccountId NewAccountId() => new(UserType.Live, Interlocked.Increment(ref _nextAccount));

    public static TradingAccount AccountOf(AccountId id, decimal balance = 10_000.00m) => new()
    {
        Id = id,
        WalletBalance = balance,
        Leverage = 100m,
        Group = "Standard",
        Route = ExecutionRoute.Local,
        Email = "trader@example.com",
        AutoCutoffLevel = 50m,
        AutoLiquidationLevel = 10m,
        Status = AccountStatus.Active,
        Currency = "USD",
    };

    public static Order OrderOf(AccountId account, string id, OrderStatus status = OrderStatus.Open) => new()
    {
        Id = id,
        Account = account,
        Symbol = "EURUSD",
        Type = OrderType.Buy,
        Status = status,
        Volume = 1.25m,
        Group = "Standard",
        Route = ExecutionRoute.Local,
        CreatedAt = new DateTimeOffset(2026, 12, 2, 12, 0, 0, 123, TimeSpan.Zero),
        OpenPrice = 1.08525m,
        OpenedAt = new DateTimeOffset(2026, 12, 2, 12, 0, 0, 456, TimeSpan.Zero),
        StopLoss = 1.07000m,
        Commission = 8.75m,
        Swap = -0.42m,
        OpenQuote = new QuoteLineage(
            1.08500m, 1.08520m, 981, "json", new DateTimeOffset(2026, 12, 2, 11, 59, 59, 900, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 12, 0, 0, 1, TimeSpan.Zero), 122, 0.00005m),
        ClientQuote = new ClientQuote(1.08520m, 977, 0.00030m),
    };

    [Fact]
    public async Task An_account_reads_back_exactly_as_it_was_put_and_a_change_raises_its_revision()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);

        var first = await Store.ReadAccountAsync(id, default);
        await Store.PutAccountAsync(AccountOf(id) with { Leverage = 200m, Status = AccountStatus.CloseOnly, Email = null }, default);
        var second = await Store.ReadAccountAsync(id, default);

        Assert.Equal(AccountOf(id), first!.Account);
        Assert.Equal("10000.00", first.Account.WalletBalance.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(first.ActiveOrders);
        Assert.Equal((200m, AccountStatus.CloseOnly, null), (second!.Account.Leverage, second.Account.Status, second.Account.Email));
        Assert.True(second.Revision > first.Revision);
        Assert.Contains(id, await Store.ListAccountsAsync(default));
    }

    [Fact]
    public async Task An_unknown_account_reads_as_null_and_a_commit_to_it_says_so()
    {
        var id = NewAccountId();

        Assert.Null(await Store.ReadAccountAsync(id, default));
        Assert.Equal(CommitStatus.UnknownAccount, (await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = 1 }, default)).Status);
    }

    [Fact]
    public async Task A_commit_at_the_current_revision_writes_orders_and_balance_together_and_raises_the_revision()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var before = (await Store.ReadAccountAsync(id, default))!;

        var outcome = await Store.CommitAsync(
            new AccountCommit
            {
                Account = id,
                ExpectedRevision = before.Revision,
                Orders = [OrderOf(id, "o1"), OrderOf(id, "o2", OrderStatus.Pending) with { Type = OrderType.BuyLimit, OpenPrice = null, PendingPrice = 1.07m, OpenQuote = null }],
                BalanceChange = -12.34m,
                Events = [new TradingEvent("order_filled", "o1", "{}", DateTimeOffset.UnixEpoch)],
            },
            default);
        var after = (await Store.ReadAccountAsync(id, default))!;

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Equal(after.Revision, outcome.Revision);
        Assert.True(after.Revision > before.Revision);
        Assert.Equal(9_987.66m, after.Account.WalletBalance);
        Assert.Equal(["o1", "o2"], after.ActiveOrders.Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.Equal(OrderOf(id, "o1"), after.ActiveOrders.Single(o => o.Id == "o1"));
    }

    [Fact]
    public async Task A_provider_report_id_is_applied_once_in_the_same_commit_as_its_order_change_even_from_a_later_revision()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id) with { Route = ExecutionRoute.Provider }, default);
        var queued = OrderOf(id, "p1", OrderStatus.Queued) with { Route = ExecutionRoute.Provider, OpenPrice = null, OpenedAt = null, Commission = 0m };
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [queued] }, default);
        var state = (await Store.ReadAccountAsync(id, default))!;
        var filled = queued with { Status = OrderStatus.Open, OpenPrice = 1.0853m, OpenedAt = queued.CreatedAt, Commission = 8.75m };
        AccountCommit Report(long expected) => new()
        {
            Account = id,
            ExpectedRevision = expected,
            Orders = [filled],
            BalanceChange = -1m,
            Events = [new TradingEvent("order_filled", "p1", "{}", DateTimeOffset.UnixEpoch)],
            IdempotencyKey = "provider-report:r-1",
            Result = "p1|report",
        };

        var first = await Store.CommitAsync(Report(state.Revision), default);
        var repeat = await Store.CommitAsync(Report(first.Revision), default);

        Assert.Equal(CommitStatus.Committed, first.Status);
        Assert.Equal(CommitStatus.Duplicate, repeat.Status);
        Assert.Equal("p1|report", await Store.ReadPriorResultAsync(id, "provider-report:r-1", default));
        var after = (await Store.ReadAccountAsync(id, default))!;
        Assert.Equal(first.Revision, after.Revision);
        Assert.Equal(9_999m, after.Account.WalletBalance);
        Assert.Equal(filled, after.ActiveOrders.Single());
    }

    [Fact]
    public async Task A_provider_order_keeps_its_outstanding_request_and_loses_it_when_answered()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id) with { Route = ExecutionRoute.Provider }, default);
        var closing = OrderOf(id, "p2") with { Route = ExecutionRoute.Provider, ProviderRequest = new OutstandingRequest(OutstandingRequest.Close, 7, 0.5m, FinalStatus: OrderStatus.StopLoss) };
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        var sent = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [closing] }, default);

        Assert.Equal(closing, await Store.ReadOrderAsync(id, "p2", default));
        Assert.Equal("p2-close-7", closing.ProviderRequest!.ClientOrderId("p2"));

        await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = sent.Revision, Orders = [closing with { ProviderRequest = null }] }, default);

        Assert.Null((await Store.ReadOrderAsync(id, "p2", default))!.ProviderRequest);
    }

    [Fact]
    public async Task A_partly_filled_provider_order_keeps_its_working_volume_and_close_reason_until_they_change()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id) with { Route = ExecutionRoute.Provider }, default);
        var partly = OrderOf(id, "p3") with
        {
            Route = ExecutionRoute.Provider,
            Volume = 1m,
            WorkingVolume = 2m,
            ProviderRequest = new OutstandingRequest(OutstandingRequest.Close, 4, 1m, FinalStatus: OrderStatus.Closed, Reason: "stop_out"),
        };
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        var sent = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [partly] }, default);

        Assert.Equal(partly, await Store.ReadOrderAsync(id, "p3", default));

        await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = sent.Revision, Orders = [partly with { Volume = 3m, WorkingVolume = null, ProviderRequest = null }] }, default);

        var whole = (await Store.ReadOrderAsync(id, "p3", default))!;
        Assert.Equal((3m, (decimal?)null, (OutstandingRequest?)null), (whole.Volume, whole.WorkingVolume, whole.ProviderRequest));
    }

    [Fact]
    public async Task A_commit_from_an_old_revision_is_a_conflict_and_writes_nothing()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, BalanceChange = 1m }, default);

        var late = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "late")], BalanceChange = 100m }, default);

        Assert.Equal(CommitStatus.Conflict, late.Status);
        var state = (await Store.ReadAccountAsync(id, default))!;
        Assert.Equal(10_001m, state.Account.WalletBalance);
        Assert.Empty(state.ActiveOrders);
        Assert.Null(await Store.ReadOrderAsync(id, "late", default));
    }

    [Fact]
    public async Task Of_many_commits_racing_from_one_revision_exactly_one_is_written()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "race" + i)], BalanceChange = 1m }, default))));

        Assert.Equal(1, outcomes.Count(o => o.Status == CommitStatus.Committed));
        var state = (await Store.ReadAccountAsync(id, default))!;
        Assert.Single(state.ActiveOrders);
        Assert.Equal(10_001m, state.Account.WalletBalance);
    }

    [Fact]
    public async Task A_used_idempotency_key_answers_with_the_first_result_and_writes_nothing()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        var first = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "a")], IdempotencyKey = "key-1", Result = "a|fp" }, default);

        var repeat = await Store.CommitAsync(
            new AccountCommit { Account = id, ExpectedRevision = first.Revision, Orders = [OrderOf(id, "b")], IdempotencyKey = "key-1", Result = "b|fp" }, default);

        Assert.Equal(CommitStatus.Duplicate, repeat.Status);
        Assert.Equal("a|fp", repeat.PriorResult);
        Assert.Equal("a|fp", await Store.ReadPriorResultAsync(id, "key-1", default));
        Assert.Null(await Store.ReadPriorResultAsync(id, "key-2", default));
        Assert.Equal(["a"], (await Store.ReadAccountAsync(id, default))!.ActiveOrders.Select(o => o.Id));
    }

    [Fact]
    public async Task A_final_order_leaves_the_active_set_and_is_still_read_by_its_id()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        var opened = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "o1")] }, default);
        var closed = OrderOf(id, "o1", OrderStatus.Closed) with
        {
            ClosePrice = 1.08595m,
            ClosedAt = new DateTimeOffset(2026, 12, 2, 12, 5, 0, TimeSpan.Zero),
            RealisedProfit = 78.75m,
            CloseReason = "stop_out",
            CloseQuote = new QuoteLineage(1.086m, 1.0862m, 1200, "binary", null, new DateTimeOffset(2026, 12, 2, 12, 5, 0, TimeSpan.Zero), 3),
        };

        await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = opened.Revision, Orders = [closed], BalanceChange = 78.75m }, default);

        Assert.Empty((await Store.ReadAccountAsync(id, default))!.ActiveOrders);
        Assert.Equal(closed, await Store.ReadOrderAsync(id, "o1", default));
    }

    [Fact]
    public async Task Group_terms_read_back_exactly_and_are_listed()
    {
        var terms = new GroupSymbolTerms
        {
            Group = "Contract" + NewAccountId().Number,
            Symbol = "BTCUSD",
            Spread = 10m,
            SpreadPip = 1m,
            ContractSize = 1m,
            ProfitCurrency = "USD",
            InstrumentType = InstrumentKind.Crypto,
            CryptoMarginFactor = 2.5m,
            CommissionPerLot = 4.50m,
            SwapLong = -12.25m,
            SwapShort = 3.1m,
            MinVolume = 0.001m,
            MaxVolume = 10m,
            VolumeStep = 0.001m,
        };

        await Store.PutTermsAsync(terms, default);

        Assert.Equal(terms, await Store.ReadTermsAsync(terms.Group, "BTCUSD", default));
        Assert.Null(await Store.ReadTermsAsync(terms.Group, "ETHUSD", default));
        Assert.Contains(terms, await Store.ListTermsAsync(default));
    }

    [Fact]
    public async Task A_put_appends_its_configuration_and_the_balance_it_moved_at_the_revision_it_raised_to_in_the_same_step()
    {
        var id = NewAccountId();
        var outbox = (ITradingOutbox)Store;
        var before = DateTimeOffset.UtcNow;

        await Store.PutAccountAsync(AccountOf(id, balance: 1_000.50m), default);
        await Store.PutAccountAsync(AccountOf(id, balance: 1_000.50m) with { Leverage = 200m }, default);
        await Store.PutAccountAsync(AccountOf(id, balance: 900.25m), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;

        var page = await outbox.ReadOutboxAsync(id, 100, default);
        var entries = page.Entries.Select(Read).ToList();
        Assert.Equal(5, page.Depth);
        Assert.Equal(
            [(revision - 2, "account_changed"), (revision - 2, "balance_changed"), (revision - 1, "account_changed"), (revision, "account_changed"), (revision, "balance_changed")],
            entries.Select(e => (e.Revision, e.Event.Kind)));
        Assert.All(entries, e => Assert.InRange(e.Event.At, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.All(entries, e => Assert.Null(e.Event.OrderId));
        Assert.Equal(new BalanceChange(BalanceOperationKind.Deposit, 1_000.50m), Balance(entries[1].Event));
        Assert.Equal(new BalanceChange(BalanceOperationKind.Withdrawal, -100.25m), Balance(entries[4].Event));
        using var configuration = JsonDocument.Parse(entries[2].Event.Payload);
        Assert.Equal(AccountOf(id, balance: 1_000.50m) with { Leverage = 200m }, AccountEvents.ReadAccount(id, configuration.RootElement));
        Assert.Contains(id, await outbox.ReadPendingAccountsAsync(sweep: false, default));
    }

    [Fact]
    public async Task A_commit_appends_its_events_with_their_time_and_marks_the_account_pending()
    {
        var id = NewAccountId();
        var outbox = (ITradingOutbox)Store;
        await Store.PutAccountAsync(AccountOf(id), default);
        var state = (await Store.ReadAccountAsync(id, default))!;
        var at = new DateTimeOffset(2026, 12, 2, 12, 0, 0, 123, TimeSpan.Zero).AddMicroseconds(456);

        await Store.CommitAsync(
            new AccountCommit
            {
                Account = id,
                ExpectedRevision = state.Revision,
                Orders = [OrderOf(id, "o1")],
                Events = [new TradingEvent("order_filled", "o1", OrderJson.Write(OrderOf(id, "o1")), at)],
            },
            default);

        var last = Read((await outbox.ReadOutboxAsync(id, 100, default)).Entries[^1]);
        Assert.Equal((state.Revision + 1, "order_filled", "o1", at), (last.Revision, last.Event.Kind, last.Event.OrderId, last.Event.At));
        Assert.Equal(OrderOf(id, "o1"), OrderJson.Read(last.Event.Payload));
        Assert.Contains(id, await outbox.ReadPendingAccountsAsync(sweep: true, default));
    }

    [Fact]
    public async Task A_trim_takes_the_oldest_entries_only_while_the_last_is_still_there_and_an_emptied_outbox_is_no_longer_pending()
    {
        var id = NewAccountId();
        var outbox = (ITradingOutbox)Store;
        await Store.PutAccountAsync(AccountOf(id), default);
        await Store.PutAccountAsync(AccountOf(id, balance: 20m), default);
        var page = await outbox.ReadOutboxAsync(id, 2, default);
        Assert.Equal(2, page.Entries.Count);
        Assert.Equal(4, page.Depth);

        Assert.Equal(4, await outbox.TrimOutboxAsync(id, 2, page.Entries[0], default));
        Assert.Equal(2, await outbox.TrimOutboxAsync(id, 2, page.Entries[1], default));
        var rest = await outbox.ReadOutboxAsync(id, 10, default);
        Assert.Equal(2, rest.Entries.Count);
        Assert.Contains(id, await outbox.ReadPendingAccountsAsync(sweep: false, default));

        Assert.Equal(0, await outbox.TrimOutboxAsync(id, 2, rest.Entries[1], default));
        Assert.Empty((await outbox.ReadOutboxAsync(id, 10, default)).Entries);
        Assert.DoesNotContain(id, await outbox.ReadPendingAccountsAsync(sweep: true, default));
    }

    [Fact]
    public async Task A_restored_account_reads_back_exactly_at_the_given_revision_with_no_outbox_entry_and_the_next_commit_is_above_it()
    {
        var id = NewAccountId();
        var outbox = (ITradingOutbox)Store;
        var pending = OrderOf(id, "r2", OrderStatus.Pending) with { Type = OrderType.BuyLimit, OpenPrice = null, OpenedAt = null, PendingPrice = 1.07000m, OpenQuote = null };
        var state = new AccountState(AccountOf(id, balance: 1_234.50m), 41, [OrderOf(id, "r1"), pending]);

        var outcome = await ((ITradingStoreRestore)Store).RestoreAccountAsync(state, default);
        var read = (await Store.ReadAccountAsync(id, default))!;
        var commit = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = 41, BalanceChange = 1m, Events = [new TradingEvent("order_filled", "r1", "{}", DateTimeOffset.UnixEpoch)] }, default);

        Assert.Equal(new AccountRestoreOutcome(true, 0), outcome);
        Assert.Equal(AccountOf(id, balance: 1_234.50m), read.Account);
        Assert.Equal(41, read.Revision);
        Assert.Equal([OrderOf(id, "r1"), pending], read.ActiveOrders.OrderBy(o => o.Id, StringComparer.Ordinal));
        Assert.Contains(id, await Store.ListAccountsAsync(default));
        Assert.Equal(new CommitOutcome(CommitStatus.Committed, 42), commit);
        Assert.Equal([42L], (await outbox.ReadOutboxAsync(id, 10, default)).Entries.Select(e => Read(e).Revision));
    }

    [Fact]
    public async Task A_restore_replaces_an_older_copy_active_orders_included_and_leaves_one_at_or_above_its_revision_alone()
    {
        var id = NewAccountId();
        var outbox = (ITradingOutbox)Store;
        var restore = (ITradingStoreRestore)Store;
        await Store.PutAccountAsync(AccountOf(id, balance: 5m), default);
        await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = 1, Orders = [OrderOf(id, "stale"), OrderOf(id, "gone", OrderStatus.Closed)] }, default);
        var depth = (await outbox.ReadOutboxAsync(id, 100, default)).Depth;

        var replaced = await restore.RestoreAccountAsync(new AccountState(AccountOf(id, balance: 7m), 9, [OrderOf(id, "kept")]), default);
        var same = await restore.RestoreAccountAsync(new AccountState(AccountOf(id, balance: 8m), 9, []), default);
        var older = await restore.RestoreAccountAsync(new AccountState(AccountOf(id, balance: 9m), 3, []), default);
        var read = (await Store.ReadAccountAsync(id, default))!;

        Assert.Equal(new AccountRestoreOutcome(true, 2), replaced);
        Assert.Equal(new AccountRestoreOutcome(false, 9), same);
        Assert.Equal(new AccountRestoreOutcome(false, 9), older);
        Assert.Equal((7m, 9L), (read.Account.WalletBalance, read.Revision));
        Assert.Equal(["kept"], read.ActiveOrders.Select(o => o.Id));
        Assert.Null(await Store.ReadOrderAsync(id, "stale", default));
        Assert.Equal(OrderStatus.Closed, (await Store.ReadOrderAsync(id, "gone", default))!.Status);
        Assert.Equal(depth, (await outbox.ReadOutboxAsync(id, 100, default)).Depth);
    }

    [Fact]
    public async Task A_restore_with_a_final_order_or_a_foreign_one_or_no_revision_is_refused_and_writes_nothing()
    {
        var id = NewAccountId();
        var restore = (ITradingStoreRestore)Store;

        await Assert.ThrowsAsync<ArgumentException>(() => restore.RestoreAccountAsync(new AccountState(AccountOf(id), 4, [OrderOf(id, "f", OrderStatus.Closed)]), default));
        await Assert.ThrowsAsync<ArgumentException>(() => restore.RestoreAccountAsync(new AccountState(AccountOf(id), 4, [OrderOf(NewAccountId(), "x")]), default));
        await Assert.ThrowsAsync<ArgumentException>(() => restore.RestoreAccountAsync(new AccountState(AccountOf(id), 0, []), default));
        Assert.Null(await Store.ReadAccountAsync(id, default));
    }

    private static (long Revision, TradingEvent Event) Read(string text) =>
        OutboxEntry.TryRead(text, out var revision, out var tradingEvent, out var problem) ? (revision, tradingEvent) : throw new InvalidOperationException(problem);

    private static BalanceChange Balance(TradingEvent tradingEvent)
    {
        using var payload = JsonDocument.Parse(tradingEvent.Payload);
        return AccountEvents.ReadBalance(payload.RootElement);
    }

    private IAutoCutoffLocks Locks => (IAutoCutoffLocks)Store;

    [Fact]
    public async Task A_stop_out_lock_is_given_once_with_a_rising_fence_and_only_its_holder_renews_or_releases_it()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);

        var first = await Locks.TryLockStopOutAsync(id, "a", TimeSpan.FromSeconds(30), default);
        var refused = await Locks.TryLockStopOutAsync(id, "b", TimeSpan.FromSeconds(30), default);
        var stranger = new StopOutFence(id, first!.Token, "b");
        var strangerRenewed = await Locks.RenewStopOutAsync(stranger, TimeSpan.FromSeconds(30), default);
        await Locks.ReleaseStopOutAsync(stranger, default);
        var held = await Locks.ReadStopOutLockAsync(id, default);
        var renewed = await Locks.RenewStopOutAsync(first, TimeSpan.FromSeconds(30), default);
        await Locks.ReleaseStopOutAsync(first, default);
        var second = await Locks.TryLockStopOutAsync(id, "b", TimeSpan.FromSeconds(30), default);

        Assert.Null(refused);
        Assert.False(strangerRenewed);
        Assert.Equal(first.Value, held);
        Assert.True(renewed);
        Assert.True(second!.Token > first.Token);
        Assert.Equal(second.Value, await Locks.ReadStopOutLockAsync(id, default));
        await Locks.ReleaseStopOutAsync(second, default);
        Assert.Null(await Locks.ReadStopOutLockAsync(id, default));
    }

    [Fact]
    public async Task A_commit_carrying_a_fence_is_written_only_while_that_fence_holds_the_lock()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var first = (await Locks.TryLockStopOutAsync(id, "a", TimeSpan.FromSeconds(30), default))!;
        await Locks.ReleaseStopOutAsync(first, default);
        var second = (await Locks.TryLockStopOutAsync(id, "b", TimeSpan.FromSeconds(30), default))!;
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;

        var outdated = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "f1")], Fence = first }, default);
        var current = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "f1")], Fence = second }, default);
        await Locks.ReleaseStopOutAsync(second, default);
        var released = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = current.Revision, Orders = [OrderOf(id, "f2")], Fence = second }, default);

        Assert.Equal(CommitStatus.Fenced, outdated.Status);
        Assert.Equal(CommitStatus.Committed, current.Status);
        Assert.Equal(CommitStatus.Fenced, released.Status);
        Assert.Equal(["f1"], (await Store.ReadAccountAsync(id, default))!.ActiveOrders.Select(o => o.Id));
    }

    [Fact]
    public async Task A_stop_out_lock_not_renewed_expires_so_another_holder_takes_it()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var dead = (await Locks.TryLockStopOutAsync(id, "dead", TimeSpan.FromMilliseconds(200), default))!;

        var taken = await Eventually.ValueAsync(
            () => Locks.TryLockStopOutAsync(id, "alive", TimeSpan.FromSeconds(30), default), f => f is not null, "the dead holder's lock expires", TimeSpan.FromSeconds(10));

        Assert.True(taken!.Token > dead.Token);
        Assert.False(await Locks.RenewStopOutAsync(dead, TimeSpan.FromSeconds(30), default));
        await Locks.ReleaseStopOutAsync(taken, default);
    }

    [Fact]
    public async Task A_margin_call_is_reserved_once_per_window()
    {
        var id = NewAccountId();

        var first = await Locks.TryReserveMarginCallAsync(id, TimeSpan.FromHours(3), default);
        var again = await Locks.TryReserveMarginCallAsync(id, TimeSpan.FromHours(3), default);
        var other = await Locks.TryReserveMarginCallAsync(NewAccountId(), TimeSpan.FromHours(3), default);

        Assert.Equal((true, false, true), (first, again, other));
    }
}
