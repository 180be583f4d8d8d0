using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Store;

/// <summary>
/// What every <see cref="ITradingStore"/> does, the embedded one and Redis Cluster alike: the suite each implementation's
/// test class inherits. Each test uses accounts of its own, so a shared store between tests does no harm.
/// </summary>
public abstract class TradingStoreContract
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
                Events = [new TradingEvent("order_filled", "o1", "{}")],
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
}
