using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.Trading.Tests.Ledger;

/// <summary>
/// What every <see cref="ILedgerStore"/> does, SQLite and PostgreSQL alike: the suite each database's test class
/// inherits. Each test gets a database of its own (<see cref="InitializeAsync"/>), so no test sees another's rows.
/// </summary>
public abstract class LedgerStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly List<ILedgerStore> _opened = [];

    protected FakeTimeProvider Time { get; } = new(Start);

    protected ILedgerStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = Open();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    /// <summary>Makes this test's empty database.</summary>
    protected abstract Task CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    /// <summary>A new store on this test's database (what a restart of the process gets).</summary>
    protected abstract ILedgerStore OpenStore(TimeProvider time);

    /// <summary>Runs SQL of the test's own on this test's database, as an operator's tool would.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    [Fact]
    public async Task Migrating_an_empty_database_creates_the_schema_and_migrating_again_changes_nothing()
    {
        var first = await Store.MigrateAsync(default);
        var again = await Store.MigrateAsync(default);
        var restarted = await Open().MigrateAsync(default);

        Assert.Equal(0, first.Before);
        Assert.True(first.After >= 1);
        Assert.True(first.Changed);
        Assert.Equal(new LedgerSchemaMigration(first.After, first.After), again);
        Assert.Equal(new LedgerSchemaMigration(first.After, first.After), restarted);
        Assert.Empty(await Store.ReadAccountsAsync(default));
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused_naming_both_versions()
    {
        var migration = await Store.MigrateAsync(default);
        var account = TradingStoreContract.NewAccountId();
        await ExecuteSqlAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (99, '099_from_the_future', '2030-01-01T00:00:00.000000Z')");

        var restarted = Open();
        var refused = await Assert.ThrowsAsync<LedgerSchemaException>(() => restarted.MigrateAsync(default));
        var write = await Assert.ThrowsAsync<LedgerSchemaException>(() => Open().WriteAsync([Deposit(account, 1, 100m)], default));

        Assert.Equal((99, migration.After), (refused.DatabaseVersion, refused.CodeVersion));
        Assert.Contains("version 99", refused.Message, StringComparison.Ordinal);
        Assert.Contains("version " + migration.After.ToString(CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Message, write.Message);
    }

    [Fact]
    public async Task A_database_of_the_first_schema_is_migrated_with_its_rows_kept_and_then_records_provider_requests()
    {
        // What a ledger written by the previous release holds: schema 1 (migration 002 taken back), one account with an open position.
        var version = ((LedgerStore)Store).SchemaVersion;
        await Open().MigrateAsync(default);
        await ExecuteSqlAsync("ALTER TABLE orders DROP COLUMN provider_request");
        await ExecuteSqlAsync("ALTER TABLE orders DROP COLUMN working_volume");
        await ExecuteSqlAsync("DELETE FROM schema_version WHERE version > 1");
        var account = TradingStoreContract.NewAccountId();
        await ExecuteSqlAsync(
            "INSERT INTO accounts (account, leverage, account_group, route, email, auto_cutoff_level, auto_liquidation_level, status, currency, balance, " +
            $"last_revision, last_event_index, updated_at) VALUES ('{account}', '100', 'Standard', 'provider', NULL, '50', '10', 'active', 'USD', '1000', 3, 0, " +
            "'2026-12-01T00:00:00.000000Z')");
        await ExecuteSqlAsync(
            "INSERT INTO orders (account, order_id, symbol, order_type, status, is_active, volume, account_group, route, created_at, open_price, opened_at, " +
            $"commission, swap, realised_profit, revision, event_index) VALUES ('{account}', 'o-old', 'EURUSD', 'BUY', 'OPEN', 1, '1.25', 'Standard', 'provider', " +
            "'2026-12-01T00:00:00.000000Z', '1.08525', '2026-12-01T00:00:01.000000Z', '0', '0', '0', 3, 0)");

        var migration = await Store.MigrateAsync(default);
        var kept = Assert.Single(await Store.ReadOpenPositionsAsync(account, default));
        var request = new OutstandingRequest(OutstandingRequest.Close, 4, 1.25m, FinalStatus: OrderStatus.Closed);
        await Store.WriteAsync([OrderEvent(account, 4, "order_close_requested", kept with { ProviderRequest = request }, Start)], default);

        Assert.Equal(new LedgerSchemaMigration(1, version), migration);
        Assert.True(version >= 2);
        Assert.Equal(("o-old", 1.08525m, ExecutionRoute.Provider, (OutstandingRequest?)null), (kept.Id, kept.OpenPrice, kept.Route, kept.ProviderRequest));
        Assert.Equal(request, Assert.Single(await Store.ReadOpenPositionsAsync(account, default)).ProviderRequest);
        Assert.Equal(1_000m, (await Store.ReadAccountAsync(account, default))!.Balance);
    }

    [Fact]
    public async Task A_provider_request_is_recorded_with_each_change_of_its_order_and_cleared_with_its_answer()
    {
        var account = TradingStoreContract.NewAccountId();
        var open = TradingStoreContract.OrderOf(account, "o-p") with { Route = ExecutionRoute.Provider };
        var closing = open with { ProviderRequest = new OutstandingRequest(OutstandingRequest.Close, 7, 0.5m, FinalStatus: OrderStatus.StopLoss) };
        var resting = TradingStoreContract.OrderOf(account, "o-q", OrderStatus.PendingCancel) with
        {
            Type = OrderType.BuyLimit,
            Route = ExecutionRoute.Provider,
            PendingPrice = 1.08000m,
            OpenPrice = null,
            OpenedAt = null,
            OpenQuote = null,
            ProviderRequest = new OutstandingRequest(OutstandingRequest.Cancel, 8),
        };
        var modifying = resting with { Status = OrderStatus.Pending, ProviderRequest = new OutstandingRequest(OutstandingRequest.Modify, 9, Price: 1.07950m) };

        await Store.WriteAsync(
            [Deposit(account, 2, 10_000m), OrderEvent(account, 3, "order_filled", open, Start), OrderEvent(account, 7, "order_close_requested", closing, Start)],
            default);
        var requested = await Store.ReadOpenPositionsAsync(account, default);
        await Store.WriteAsync([OrderEvent(account, 8, "order_placed", resting, Start)], default);
        var cancelling = await Store.ReadPendingOrdersAsync(account, default);
        await Store.WriteAsync([OrderEvent(account, 9, "order_request_rejected", closing with { ProviderRequest = null }, Start), OrderEvent(account, 9, "order_modify_requested", modifying, Start, index: 1)], default);

        Assert.Equal([closing], requested);
        Assert.Equal([resting], cancelling);
        Assert.Null(Assert.Single(await Store.ReadOpenPositionsAsync(account, default)).ProviderRequest);
        Assert.Equal(modifying.ProviderRequest, Assert.Single(await Store.ReadPendingOrdersAsync(account, default)).ProviderRequest);
    }

    [Fact]
    public async Task A_batch_written_twice_is_applied_once_and_the_repeat_is_counted()
    {
        var account = TradingStoreContract.NewAccountId();
        LedgerEvent[] batch = [Deposit(account, 2, 1_000m), Deposit(account, 3, 250.50m), Withdrawal(account, 5, -100m)];

        var first = await Store.WriteAsync(batch, default);
        var repeat = await Store.WriteAsync(batch, default);
        var overlapping = await Store.WriteAsync([batch[2], Deposit(account, 6, 1m)], default);

        Assert.Equal(new LedgerWriteResult(3, 0), first);
        Assert.Equal(new LedgerWriteResult(0, 3), repeat);
        Assert.Equal(new LedgerWriteResult(1, 1), overlapping);
        Assert.Equal((4L, 4L), (Store.Statistics.Applied, Store.Statistics.Duplicates));
        var ledger = await Store.ReadAccountAsync(account, default);
        Assert.Equal(1_151.50m, ledger!.Balance);
        Assert.Equal(new LedgerEventId(account, 6, 0), ledger.Position);
        Assert.Equal(4, (await Statement(account)).Operations.Count);
    }

    [Fact]
    public async Task A_restarted_store_resumes_after_the_last_applied_event()
    {
        var account = TradingStoreContract.NewAccountId();
        await Store.WriteAsync([Deposit(account, 2, 10m), Deposit(account, 2, 20m, index: 1)], default);

        var restarted = Open();
        var result = await restarted.WriteAsync([Deposit(account, 2, 10m), Deposit(account, 2, 20m, index: 1), Deposit(account, 3, 30m)], default);

        Assert.Equal(new LedgerWriteResult(1, 2), result);
        Assert.Equal(60m, (await restarted.ReadAccountAsync(account, default))!.Balance);
    }

    [Fact]
    public async Task A_batch_out_of_order_for_an_account_is_refused_whole_and_counted()
    {
        var account = TradingStoreContract.NewAccountId();
        var other = TradingStoreContract.NewAccountId();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(
            [Deposit(other, 2, 5m), Deposit(account, 3, 100m), Deposit(account, 2, 50m)], default));
        var equal = await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync([Deposit(account, 2, 1m), Deposit(account, 2, 1m)], default));
        var negativeDeposit = await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync([Deposit(account, 2, -1m)], default));

        Assert.Contains($"{account}/2/0 comes after {account}/3/0", refused.Message, StringComparison.Ordinal);
        Assert.Contains("must rise", equal.Message, StringComparison.Ordinal);
        Assert.Contains("a deposit is positive", negativeDeposit.Message, StringComparison.Ordinal);
        Assert.Equal(3L, Store.Statistics.Refused);
        Assert.Null(await Store.ReadAccountAsync(other, default));
        Assert.Null(await Store.ReadAccountAsync(account, default));
    }

    [Fact]
    public async Task Accounts_are_applied_in_order_each_on_its_own_position()
    {
        var first = TradingStoreContract.NewAccountId();
        var second = TradingStoreContract.NewAccountId();

        await Store.WriteAsync([Deposit(first, 7, 1m), Deposit(second, 2, 2m), Deposit(first, 8, 3m)], default);
        var late = await Store.WriteAsync([Deposit(second, 3, 4m), Deposit(first, 5, 99m), Deposit(first, 8, 3m)], default);

        Assert.Equal(new LedgerWriteResult(1, 2), late);
        Assert.Equal((4m, 6m), ((await Store.ReadAccountAsync(first, default))!.Balance, (await Store.ReadAccountAsync(second, default))!.Balance));
        Assert.Equal([1m, 3m], (await Statement(first)).Operations.Select(o => o.Amount));
        var all = await Store.ReadAccountsAsync(default);
        Assert.Equal(new LedgerEventId(first, 8, 0), all.Single(a => a.Id == first).Position);
        Assert.Equal(new LedgerEventId(second, 3, 0), all.Single(a => a.Id == second).Position);
    }

    [Fact]
    public async Task Money_reads_back_exactly_with_its_scale()
    {
        var account = TradingStoreContract.NewAccountId();
        await Store.WriteAsync(
            [Deposit(account, 2, 0.1m), Deposit(account, 3, 0.2m), Deposit(account, 4, 12_345_678_901_234.123456789m), Deposit(account, 5, 10_000.00m)],
            default);

        var statement = await Statement(account);
        var ledger = await Store.ReadAccountAsync(account, default);

        Assert.Equal(["0.1", "0.2", "12345678901234.123456789", "10000.00"], statement.Operations.Select(o => Text(o.Amount)));
        Assert.Equal("0.3", Text(statement.Operations[1].BalanceAfter));
        Assert.Equal(12_345_678_911_234.423456789m, ledger!.Balance);
        Assert.Equal("12345678911234.423456789", Text(ledger.Balance));
    }

    [Fact]
    public async Task An_orders_life_is_recorded_as_history_deals_with_their_quotes_and_the_realised_operations()
    {
        var account = TradingStoreContract.NewAccountId();
        var pending = TradingStoreContract.OrderOf(account, "o-1", OrderStatus.Pending) with
        {
            Type = OrderType.BuyLimit,
            PendingPrice = 1.08000m,
            OpenPrice = null,
            OpenedAt = null,
            OpenQuote = null,
            Commission = 0m,
            Swap = 0m,
        };
        var filled = TradingStoreContract.OrderOf(account, "o-1") with { Type = OrderType.BuyLimit, PendingPrice = 1.08000m, Volume = 2.00m, Swap = -0.40m, Commission = 8.00m };
        var closeQuote = new QuoteLineage(1.09000m, 1.09020m, 1200, "binary", null, Start.AddMinutes(30), 15, 0.00005m);
        var partly = filled with
        {
            Volume = 1.50m,
            Commission = 6.00m,
            Swap = -0.30m,
            RealisedProfit = 119.90m,
            ClosePrice = 1.08995m,
            CloseQuote = closeQuote,
        };
        var closed = partly with
        {
            Status = OrderStatus.TakeProfit,
            Commission = 0m,
            Swap = 0m,
            RealisedProfit = 479.60m,
            ClosePrice = 1.08995m,
            ClosedAt = Start.AddHours(1),
            CloseQuote = closeQuote,
        };

        await Store.WriteAsync([Deposit(account, 2, 5_000m), OrderEvent(account, 3, "order_placed", pending, Start.AddSeconds(1))], default);
        var pendingOrders = await Store.ReadPendingOrdersAsync(account, default);
        await Store.WriteAsync([OrderEvent(account, 4, "order_filled", filled, Start.AddMinutes(1))], default);
        var openPositions = await Store.ReadOpenPositionsAsync(account, default);
        await Store.WriteAsync([OrderEvent(account, 5, "order_partially_closed", partly, Start.AddMinutes(30))], default);
        var afterPartial = await Store.ReadOpenPositionsAsync(account, default);
        await Store.WriteAsync([OrderEvent(account, 6, "order_closed", closed, Start.AddHours(1))], default);

        Assert.Equal([pending], pendingOrders);
        Assert.Equal([filled], openPositions);
        Assert.Equal([partly], afterPartial);
        Assert.Empty(await Store.ReadOpenPositionsAsync(account, default));
        Assert.Empty(await Store.ReadPendingOrdersAsync(account, default));

        var history = await Store.ReadOrderHistoryAsync(account, Start, Start.AddDays(1), default);
        Assert.Equal(
            [("order_placed", OrderStatus.Pending, 1.25m), ("order_filled", OrderStatus.Open, 2.00m), ("order_partially_closed", OrderStatus.Open, 1.50m), ("order_closed", OrderStatus.TakeProfit, 1.50m)],
            history.Select(h => (h.Kind, h.Status, h.Volume)));

        var deals = await Store.ReadDealsAsync(account, Start, Start.AddDays(1), default);
        Assert.Equal(
            [(DealKind.Fill, TradeSide.Buy, 2.00m, 1.08525m, 0m), (DealKind.Close, TradeSide.Sell, 0.50m, 1.08995m, 119.90m), (DealKind.Close, TradeSide.Sell, 1.50m, 1.08995m, 359.70m)],
            deals.Select(d => (d.Kind, d.Side, d.Volume, d.Price, d.Profit)));
        Assert.Equal(filled.OpenQuote, deals[0].Quote);
        Assert.Equal(closeQuote, deals[2].Quote);
        Assert.Equal(new LedgerEventId(account, 5, 0), deals[1].Event);

        var statement = await Statement(account);
        Assert.Equal(
            [
                (BalanceOperationKind.Deposit, 5_000m, (string?)null),
                (BalanceOperationKind.RealisedProfit, 122.00m, "o-1"), (BalanceOperationKind.Swap, -0.10m, "o-1"), (BalanceOperationKind.Commission, -2.00m, "o-1"),
                (BalanceOperationKind.RealisedProfit, 366.00m, "o-1"), (BalanceOperationKind.Swap, -0.30m, "o-1"), (BalanceOperationKind.Commission, -6.00m, "o-1"),
            ],
            statement.Operations.Select(o => (o.Kind, o.Amount, o.OrderId)));
        Assert.Equal(5_479.60m, statement.ClosingBalance);
        Assert.Equal(5_479.60m, (await Store.ReadAccountAsync(account, default))!.Balance);
    }

    [Fact]
    public async Task Each_partial_fill_of_a_provider_order_is_its_own_deal_at_the_price_the_averages_imply()
    {
        var account = TradingStoreContract.NewAccountId();
        var queued = TradingStoreContract.OrderOf(account, "o-7", OrderStatus.Queued) with { Volume = 3m, OpenPrice = null, OpenedAt = null, Commission = 0m, Swap = 0m, Route = ExecutionRoute.Provider };
        var first = queued with { Status = OrderStatus.Open, Volume = 1m, WorkingVolume = 2m, OpenPrice = 1.08520m, OpenedAt = Start.AddSeconds(1) };

        // cumqty 2 at an average of 1.08525 (the second lot at 1.08530), then 3 at 1.08530 (the third at 1.08540).
        var second = first with { Volume = 2m, WorkingVolume = 1m, OpenPrice = 1.08525m };
        var whole = second with { Volume = 3m, WorkingVolume = null, OpenPrice = 1.08530m };

        // Across two batches: the second reads the first fill back from the ledger's rows, working part included.
        await Store.WriteAsync([Deposit(account, 2, 5_000m), OrderEvent(account, 3, "order_queued", queued, Start), OrderEvent(account, 4, "order_filled", first, Start.AddSeconds(1))], default);
        Assert.Equal(first, Assert.Single(await Store.ReadOpenPositionsAsync(account, default)));
        await Store.WriteAsync([OrderEvent(account, 5, "order_partially_filled", second, Start.AddSeconds(2)), OrderEvent(account, 6, "order_partially_filled", whole, Start.AddSeconds(3))], default);

        var deals = await Store.ReadDealsAsync(account, Start, Start.AddDays(1), default);
        Assert.Equal(
            [(DealKind.Fill, TradeSide.Buy, 1m, 1.08520m), (DealKind.Fill, TradeSide.Buy, 1m, 1.08530m), (DealKind.Fill, TradeSide.Buy, 1m, 1.08540m)],
            deals.Select(d => (d.Kind, d.Side, d.Volume, d.Price)));
        Assert.Equal([new LedgerEventId(account, 4, 0), new LedgerEventId(account, 5, 0), new LedgerEventId(account, 6, 0)], deals.Select(d => d.Event));
        var position = Assert.Single(await Store.ReadOpenPositionsAsync(account, default));
        Assert.Equal((3m, 1.08530m), (position.Volume, position.OpenPrice));
        Assert.Equal(5_000m, (await Store.ReadAccountAsync(account, default))!.Balance);
    }

    [Fact]
    public async Task A_close_by_stop_out_is_booked_as_a_stop_out()
    {
        var account = TradingStoreContract.NewAccountId();
        var open = TradingStoreContract.OrderOf(account, "o-9") with { Commission = 0m, Swap = 0m };
        var stopped = open with { Status = OrderStatus.Closed, RealisedProfit = -950.25m, ClosePrice = 1.00000m, ClosedAt = Start.AddHours(2), CloseReason = "stop_out" };

        await Store.WriteAsync(
            [
                Deposit(account, 2, 1_000m), OrderEvent(account, 3, "order_filled", open, Start.AddMinutes(1)),
                LedgerEvent.OfAutoCutoff(new LedgerEventId(account, 4, 0), Start.AddHours(2), new AutoCutoffDecision("liquidate", 4.75m, 49.75m, 1_047.37m, "o-9", "margin level 4.75 % is under 10 %")),
                OrderEvent(account, 4, "order_closed", stopped, Start.AddHours(2), index: 1),
            ],
            default);

        var statement = await Statement(account);
        Assert.Equal((BalanceOperationKind.StopOut, -950.25m), (statement.Operations[^1].Kind, statement.Operations[^1].Amount));
        var decision = Assert.Single(await Store.ReadAutoCutoffDecisionsAsync(account, Start, Start.AddDays(1), default));
        Assert.Equal(new AutoCutoffDecision("liquidate", 4.75m, 49.75m, 1_047.37m, "o-9", "margin level 4.75 % is under 10 %"), decision.Decision);
        Assert.Equal((new LedgerEventId(account, 4, 0), Start.AddHours(2)), (decision.Event, decision.At));
    }

    [Fact]
    public async Task Statements_add_up_and_chain_over_consecutive_ranges()
    {
        var account = TradingStoreContract.NewAccountId();
        await Store.WriteAsync(
            [
                Deposit(account, 2, 1_000.00m, at: Start),
                Withdrawal(account, 3, -250.25m, at: Start.AddDays(1)),
                LedgerEvent.OfBalance(new LedgerEventId(account, 4, 0), Start.AddDays(2), new BalanceChange(BalanceOperationKind.Swap, -1.33m, "rollover")),
                Deposit(account, 5, 99.99m, at: Start.AddDays(3)),
            ],
            default);

        var whole = await Store.ReadStatementAsync(account, Start, Start.AddDays(4), default);
        var early = await Store.ReadStatementAsync(account, Start, Start.AddDays(2), default);
        var late = await Store.ReadStatementAsync(account, Start.AddDays(2), Start.AddDays(4), default);
        var none = await Store.ReadStatementAsync(account, Start.AddDays(10), Start.AddDays(11), default);

        Assert.Equal((0m, 848.41m, 4), (whole.OpeningBalance, whole.ClosingBalance, whole.Operations.Count));
        Assert.Equal((0m, 749.75m), (early.OpeningBalance, early.ClosingBalance));
        Assert.Equal((749.75m, 848.41m), (late.OpeningBalance, late.ClosingBalance));
        Assert.Equal(early.ClosingBalance, late.OpeningBalance);
        Assert.All(whole.Operations.Skip(1).Zip(whole.Operations), pair => Assert.Equal(pair.Second.BalanceAfter + pair.First.Amount, pair.First.BalanceAfter));
        Assert.Equal(whole.ClosingBalance, whole.Operations[^1].BalanceAfter);
        Assert.Equal((848.41m, 848.41m, 0), (none.OpeningBalance, none.ClosingBalance, none.Operations.Count));
        Assert.Equal("rollover", whole.Operations[2].Comment);
        Assert.Equal(Start.AddDays(1), whole.Operations[1].At);
        Assert.Equal(848.41m, (await Store.ReadAccountAsync(account, default))!.Balance);
    }

    [Fact]
    public async Task Orders_and_deals_read_in_pages_that_follow_their_cursors_without_a_gap_or_a_repeat()
    {
        var account = TradingStoreContract.NewAccountId();
        var pendingA = TradingStoreContract.OrderOf(account, "o-a", OrderStatus.Pending) with { Type = OrderType.BuyLimit, PendingPrice = 1.08m, OpenPrice = null, OpenedAt = null, OpenQuote = null };
        var filledA = TradingStoreContract.OrderOf(account, "o-a") with { Type = OrderType.BuyLimit, PendingPrice = 1.08m };
        var filledB = TradingStoreContract.OrderOf(account, "o-b");
        var closedB = filledB with { Status = OrderStatus.Closed, RealisedProfit = 12.5m, ClosePrice = 1.0871m, ClosedAt = Start.AddHours(3) };
        var filledC = TradingStoreContract.OrderOf(account, "o-c");
        await Store.WriteAsync(
            [
                Deposit(account, 1, 1_000m),
                OrderEvent(account, 2, "order_placed", pendingA, Start.AddMinutes(1)),
                OrderEvent(account, 3, "order_filled", filledB, Start.AddHours(1)),
                OrderEvent(account, 4, "order_filled", filledA, Start.AddHours(2)),
                OrderEvent(account, 5, "order_closed", closedB, Start.AddHours(3)),
                OrderEvent(account, 6, "order_filled", filledC, Start.AddDays(2)),
            ],
            default);

        var first = await Store.ReadOrdersAsync(account, Start, Start.AddDays(1), LedgerCursor.Start, 1, default);
        var second = await Store.ReadOrdersAsync(account, Start, Start.AddDays(1), first[^1].Cursor, 1, default);
        var third = await Store.ReadOrdersAsync(account, Start, Start.AddDays(1), second[^1].Cursor, 1, default);
        var later = await Store.ReadOrdersAsync(account, Start.AddDays(1), Start.AddDays(3), LedgerCursor.Start, 100, default);

        Assert.Equal(("o-a", OrderStatus.Open), (Assert.Single(first).Order.Id, first[0].Order.Status));
        Assert.Equal(["order_placed", "order_filled"], first[0].History.Select(h => h.Kind));
        Assert.Equal(new LedgerCursor(2, 0, 0), first[0].Cursor);
        Assert.Equal(closedB, Assert.Single(second).Order);
        Assert.Equal([OrderStatus.Open, OrderStatus.Closed], second[0].History.Select(h => h.Status));
        Assert.Empty(third);
        Assert.Equal(["o-c"], later.Select(o => o.Order.Id));

        var dealPages = new List<IReadOnlyList<Deal>>();
        var cursor = LedgerCursor.Start;
        do
        {
            dealPages.Add(await Store.ReadDealsAsync(account, Start, Start.AddDays(3), cursor, 2, default));
            cursor = dealPages[^1].Count > 0 ? dealPages[^1][^1].Cursor : cursor;
        }
        while (dealPages[^1].Count > 0);

        Assert.Equal([2, 2, 0], dealPages.Select(p => p.Count));
        Assert.Equal(
            [("o-b", DealKind.Fill), ("o-a", DealKind.Fill), ("o-b", DealKind.Close), ("o-c", DealKind.Fill)],
            dealPages.SelectMany(p => p).Select(d => (d.OrderId, d.Kind)));
        Assert.Equal(await Store.ReadDealsAsync(account, Start, Start.AddDays(3), default), dealPages.SelectMany(p => p));
    }

    [Fact]
    public async Task An_accounts_configuration_reads_back_with_the_ledgers_balance()
    {
        var account = TradingStoreContract.NewAccountId();
        var configuration = TradingStoreContract.AccountOf(account, balance: 123m) with { Route = ExecutionRoute.Provider, Leverage = 30m };

        await Store.WriteAsync([LedgerEvent.OfAccount(new LedgerEventId(account, 1, 0), Start, configuration), Deposit(account, 2, 500m)], default);

        var ledger = await Store.ReadAccountAsync(account, default);
        Assert.Equal(configuration with { WalletBalance = 500m }, ledger!.Configuration);
        Assert.Equal(500m, ledger.Balance);
    }

    [Fact]
    public async Task One_batch_of_many_events_per_order_and_account_records_what_one_event_per_batch_records()
    {
        AccountId[] together = [TradingStoreContract.NewAccountId(), TradingStoreContract.NewAccountId()];
        AccountId[] alone = [TradingStoreContract.NewAccountId(), TradingStoreContract.NewAccountId()];
        await Store.WriteAsync([.. Lives(together[0], together[1]).Take(4)], default);
        foreach (var ledgerEvent in Lives(alone[0], alone[1]).Take(4))
        {
            await Store.WriteAsync([ledgerEvent], default);
        }

        // The rest in one batch: orders already held and new ones (the same order id in both accounts), each changed several times.
        var batch = await Store.WriteAsync([.. Lives(together[0], together[1]).Skip(4)], default);
        var singles = 0;
        foreach (var ledgerEvent in Lives(alone[0], alone[1]).Skip(4))
        {
            singles += (await Store.WriteAsync([ledgerEvent], default)).Applied;
        }

        Assert.Equal(new LedgerWriteResult(singles, 0), batch);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(await Recorded(alone[i]), await Recorded(together[i]));
        }

        var first = await Store.ReadAccountAsync(together[0], default);
        Assert.Equal(40m, first!.Configuration!.Leverage);
        Assert.Equal(new LedgerEventId(together[0], 9, 1), first.Position);
        Assert.Equal(
            (2, 1),
            ((await Store.ReadDealsAsync(together[0], Start, Start.AddDays(1), default)).Count(d => d.Kind == DealKind.Close),
             (await Store.ReadDealsAsync(together[1], Start, Start.AddDays(1), default)).Count(d => d.Kind == DealKind.Close)));
    }

    /// <summary>Two accounts' events interleaved: a deposit and an order filled first, then closes, a new order's life, a configuration changed twice and an AutoCutoff decision.</summary>
    private static IEnumerable<LedgerEvent> Lives(AccountId first, AccountId second)
    {
        foreach (var account in new[] { first, second })
        {
            yield return Deposit(account, 2, 10_000m);
        }

        var held = TradingStoreContract.OrderOf(first, "o-1") with { Volume = 2.00m };
        var heldOther = TradingStoreContract.OrderOf(second, "o-1") with { Volume = 2.00m };
        yield return OrderEvent(first, 3, "order_filled", held, Start.AddMinutes(1));
        yield return OrderEvent(second, 3, "order_filled", heldOther, Start.AddMinutes(1));
        yield return OrderEvent(first, 4, "order_partially_closed", held with { Volume = 1.50m, Commission = 6.00m, RealisedProfit = 20.25m, ClosePrice = 1.08600m }, Start.AddMinutes(2));
        yield return LedgerEvent.OfAccount(new LedgerEventId(first, 5, 0), Start.AddMinutes(2), TradingStoreContract.AccountOf(first) with { Leverage = 30m });
        yield return OrderEvent(
            second, 4, "order_closed", heldOther with { Status = OrderStatus.Closed, Commission = 0m, Swap = 0m, RealisedProfit = -31.17m, ClosePrice = 1.08400m }, Start.AddMinutes(3));
        var fresh = TradingStoreContract.OrderOf(first, "o-2", OrderStatus.Pending) with { Type = OrderType.BuyLimit, PendingPrice = 1.08000m, OpenPrice = null, OpenedAt = null, OpenQuote = null };
        yield return OrderEvent(first, 6, "order_placed", fresh, Start.AddMinutes(3));
        yield return OrderEvent(first, 7, "order_filled", fresh with { Status = OrderStatus.Open, OpenPrice = 1.08000m, OpenedAt = Start.AddMinutes(4) }, Start.AddMinutes(4));
        yield return OrderEvent(
            first,
            8,
            "order_closed",
            fresh with { Status = OrderStatus.StopLoss, OpenPrice = 1.08000m, Commission = 0m, Swap = 0m, RealisedProfit = -50.00m, ClosePrice = 1.07000m, CloseReason = "stop_out" },
            Start.AddMinutes(5));
        yield return LedgerEvent.OfAutoCutoff(new LedgerEventId(first, 9, 0), Start.AddMinutes(5), new AutoCutoffDecision("close", 45.5m, 900m, 1_978m, "o-2", "margin level"));
        yield return LedgerEvent.OfAccount(new LedgerEventId(first, 9, 1), Start.AddMinutes(5), TradingStoreContract.AccountOf(first) with { Leverage = 40m });
        yield return OrderEvent(second, 5, "order_placed", TradingStoreContract.OrderOf(second, "o-2"), Start.AddMinutes(6));
    }

    /// <summary>What the ledger holds of an account, without the account's id (so two accounts' records compare).</summary>
    private async Task<string> Recorded(AccountId account)
    {
        var ledger = await Store.ReadAccountAsync(account, default);
        var history = await Store.ReadOrderHistoryAsync(account, Start, Start.AddDays(1), default);
        var deals = await Store.ReadDealsAsync(account, Start, Start.AddDays(1), default);
        var statement = await Statement(account);
        var decisions = await Store.ReadAutoCutoffDecisionsAsync(account, Start, Start.AddDays(1), default);
        var open = await Store.ReadOpenPositionsAsync(account, default);
        var pending = await Store.ReadPendingOrdersAsync(account, default);
        return string.Join(
            "\n",
            [
                $"{ledger!.Balance} {ledger.Position?.Revision}/{ledger.Position?.Index} {ledger.Configuration?.Leverage} {ledger.Configuration?.Group}",
                .. history.Select(h => $"{h.Event.Revision}/{h.Event.Index} {h.OrderId} {h.Kind} {h.Status} {h.Volume} {h.At:O}"),
                .. deals.Select(d => $"{d.Event.Revision}/{d.Event.Index}/{d.Row} {d.OrderId} {d.Kind} {d.Side} {d.Volume} {d.Price} {d.Profit} {d.Quote} {d.At:O}"),
                .. statement.Operations.Select(o => $"{o.Event.Revision}/{o.Event.Index} {o.Kind} {o.Amount} {o.BalanceAfter} {o.OrderId} {o.Comment} {o.At:O}"),
                .. decisions.Select(d => $"{d.Event.Revision}/{d.Event.Index} {d.Decision} {d.At:O}"),
                .. open.Concat(pending).Select(o => (o with { Account = default }).ToString()),
            ]);
    }

    private ILedgerStore Open()
    {
        var store = OpenStore(Time);
        _opened.Add(store);
        return store;
    }

    private Task<AccountStatement> Statement(AccountId account) => Store.ReadStatementAsync(account, Start.AddYears(-1), Start.AddYears(1), default);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static LedgerEvent Deposit(AccountId account, long revision, decimal amount, int index = 0, DateTimeOffset? at = null) =>
        LedgerEvent.OfBalance(new LedgerEventId(account, revision, index), at ?? Start, new BalanceChange(BalanceOperationKind.Deposit, amount, "card"));

    private static LedgerEvent Withdrawal(AccountId account, long revision, decimal amount, DateTimeOffset? at = null) =>
        LedgerEvent.OfBalance(new LedgerEventId(account, revision, 0), at ?? Start, new BalanceChange(BalanceOperationKind.Withdrawal, amount));

    private static LedgerEvent OrderEvent(AccountId account, long revision, string kind, Order order, DateTimeOffset at, int index = 0) =>
        LedgerEvent.OfOrder(new LedgerEventId(account, revision, index), kind, at, order);
}
