using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Tests.ProviderLink;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Trading.Tests.Ledger;

/// <summary>
/// Restore and reconciliation on the in-memory store and a SQLite file: trade, drain, wipe the store, restore, and the
/// account is back at the ledger's revision with its balance, positions, pending orders and triggers; the next order
/// reaches the ledger; a change behind the ledger's back is reported as drift.
/// </summary>
public sealed class LedgerRestoreUnitTests : IAsyncLifetime
{
    private static readonly AccountId Alice = TradingDesk.Alice;
    private readonly TradingDesk _desk = new();
    private readonly TemporaryLedger _temporary;
    private readonly SqliteLedgerStore _ledger;

    public LedgerRestoreUnitTests()
    {
        _temporary = new TemporaryLedger(_desk.Time);
        _ledger = _temporary.Store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _temporary.DisposeAsync().AsTask();

    [Fact]
    public async Task A_wiped_store_restored_from_the_ledger_holds_every_balance_position_pending_order_and_trigger_as_before()
    {
        await TradeAndDrainAsync();
        var before = (await _desk.Store.ReadAccountAsync(Alice, default))!;
        var wiped = new InMemoryTradingStore(_desk.Time);
        var monitor = new TriggerMonitor();

        var report = await Restore(wiped, monitor).RestoreAsync(default);
        var after = (await wiped.ReadAccountAsync(Alice, default))!;

        Assert.Equal((1, 1, 0, 0, 2, 1), (report.LedgerAccounts, report.Restored, report.Skipped, report.Unrestorable, report.Positions, report.PendingOrders));
        Assert.Equal(before.Account, after.Account);
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.ActiveOrders.OrderBy(o => o.Id, StringComparer.Ordinal), after.ActiveOrders.OrderBy(o => o.Id, StringComparer.Ordinal));
        Assert.Empty(wiped.Outbox(Alice));
        Assert.Equal(Triggers(before), Triggers(after));
        Assert.Equal(Triggers(before), monitor.Book.All().OrderBy(t => t.Id.ToString(), StringComparer.Ordinal));
        Assert.Equal(3, monitor.Book.All().Count);
        Assert.Equal((1, 1, 0, 0), (report.Reconciliation!.Checked, report.Reconciliation.InAgreement, report.Reconciliation.Drifting, report.Reconciliation.Behind));
    }

    [Fact]
    public async Task After_a_restore_a_new_order_is_numbered_above_the_ledger_position_and_reaches_the_ledger()
    {
        await TradeAndDrainAsync();
        var position = (await _ledger.ReadAccountAsync(Alice, default))!.Position!.Value;
        var wiped = new InMemoryTradingStore(_desk.Time);
        TradingDesk.PutFxTerms(wiped, ("EURUSD", "USD", 0.0001m));
        await Restore(wiped).RestoreAsync(default);
        var engine = new TradingEngine(wiped, _desk.Book, Options.Create(new TradingOptions()), _desk.Time, NullLogger<TradingEngine>.Instance);

        var placed = await engine.PlaceAsync(new PlaceOrder { Account = Alice, Symbol = "EURUSD", Type = OrderType.Buy, Volume = 0.3m, IdempotencyKey = "after-restore" }, default);
        var writer = Writer(wiped);
        await writer.StartAsync(default);
        var pass = await writer.RunOnceAsync(default);

        Assert.True(placed.Accepted);
        Assert.Equal(position.Revision + 1, (await wiped.ReadAccountAsync(Alice, default))!.Revision);
        Assert.Equal((1, 0), (pass.Written, pass.Duplicates));
        Assert.Empty(writer.Report().Poison);
        Assert.Contains(placed.Order!.Id, (await _ledger.ReadOpenPositionsAsync(Alice, default)).Select(o => o.Id));
        Assert.Equal(new LedgerEventId(Alice, position.Revision + 1, 0), (await _ledger.ReadAccountAsync(Alice, default))!.Position);
    }

    [Fact]
    public async Task An_account_the_store_holds_at_the_ledger_revision_or_above_is_left_alone_and_reported()
    {
        await TradeAndDrainAsync();
        await _desk.Place(OrderType.Buy, 0.1m);
        var held = (await _desk.Store.ReadAccountAsync(Alice, default))!;

        var report = await Restore(_desk.Store).RestoreAsync(default);

        Assert.Equal((0, 1), (report.Restored, report.Skipped));
        var line = Assert.Single(report.NotRestored);
        Assert.Contains($"{Alice}: the store holds it at revision {held.Revision}", line, StringComparison.Ordinal);
        var after = (await _desk.Store.ReadAccountAsync(Alice, default))!;
        Assert.Equal((held.Account, held.Revision), (after.Account, after.Revision));
        Assert.Equal(held.ActiveOrders, after.ActiveOrders);
        Assert.Equal((0, 1), (report.Reconciliation!.Drifting, report.Reconciliation.Behind));
    }

    [Fact]
    public async Task At_start_an_empty_store_is_restored_and_a_store_with_accounts_is_not()
    {
        await TradeAndDrainAsync();
        var wiped = new InMemoryTradingStore(_desk.Time);

        Assert.True(await Restore(wiped).RestoreIfEmptyAsync(default));
        Assert.False(await Restore(_desk.Store).RestoreIfEmptyAsync(default));
        Assert.False(await Restore(new InMemoryTradingStore(_desk.Time), restoreOnStart: false).RestoreIfEmptyAsync(default));
        Assert.Equal((await _desk.Store.ReadAccountAsync(Alice, default))!.Revision, (await wiped.ReadAccountAsync(Alice, default))!.Revision);
    }

    [Fact]
    public async Task A_restore_cut_off_half_way_is_finished_by_restoring_what_is_missing_though_the_store_holds_accounts()
    {
        await TradeAndDrainAsync();

        // What a killed holder left: another account in the store, Alice not yet put back.
        var halfway = new InMemoryTradingStore(_desk.Time);
        var other = new AccountId(UserType.Live, 9_999);
        await halfway.PutAccountAsync(new Tickwatch.Trading.Accounts.TradingAccount { Id = other, WalletBalance = 5m, Leverage = 100m, Group = "Standard" }, default);

        Assert.False(await Restore(halfway).RestoreIfEmptyAsync(default));
        Assert.Null(await halfway.ReadAccountAsync(Alice, default));

        Assert.True(await Restore(halfway).RestoreMissingAsync(default));
        Assert.Equal((await _desk.Store.ReadAccountAsync(Alice, default))!.Revision, (await halfway.ReadAccountAsync(Alice, default))!.Revision);
        Assert.Equal(5m, (await halfway.ReadAccountAsync(other, default))!.Account.WalletBalance);

        // Run again (the next holder killed too): nothing restored twice, still the record's.
        Assert.True(await Restore(halfway).RestoreMissingAsync(default));
        Assert.Empty(halfway.Outbox(Alice));
        Assert.False(await Restore(new InMemoryTradingStore(_desk.Time), restoreOnStart: false).RestoreMissingAsync(default));
    }

    [Fact]
    public async Task Reconciliation_reports_a_balance_changed_behind_the_ledgers_back_and_nothing_when_in_agreement()
    {
        await TradeAndDrainAsync();
        var reconciliation = Reconciliation(_desk.Store);
        var agreeing = await reconciliation.RunAsync(default);

        // A balance set straight in the store at the ledger's revision, with no outbox entry: what a hand edit in Redis does.
        var state = (await _desk.Store.ReadAccountAsync(Alice, default))!;
        var changed = new InMemoryTradingStore(_desk.Time);
        await changed.RestoreAccountAsync(state with { Account = state.Account with { WalletBalance = state.Account.WalletBalance + 100m }, ActiveOrders = state.ActiveOrders.Skip(1).ToList() }, default);
        var drifting = await Reconciliation(changed).RunAsync(default);

        Assert.Equal((1, 1, 0, 0), (agreeing.Checked, agreeing.InAgreement, agreeing.Drifting, agreeing.Behind));
        Assert.Empty(agreeing.Drifts);
        Assert.Equal((1, 0, 1), (drifting.Checked, drifting.InAgreement, drifting.Drifting));
        var drift = Assert.Single(drifting.Drifts);
        Assert.Equal(Alice.ToString(), drift.Account);
        Assert.Contains(drift.Differences, d => d.StartsWith($"balance: store {state.Account.WalletBalance + 100m}, ledger {state.Account.WalletBalance}", StringComparison.Ordinal));
        Assert.Contains(drift.Differences, d => d.Contains($"{state.ActiveOrders[0].Id}: active in the ledger, not in the store", StringComparison.Ordinal));
        Assert.Equal(1, reconciliation.Report().Runs);
        Assert.Same(agreeing, reconciliation.Report().Last);
    }

    [Fact]
    public async Task Reconciliation_counts_an_account_with_unwritten_changes_as_behind_and_a_store_below_the_ledger_as_drift()
    {
        await TradeAndDrainAsync();
        await _desk.Place(OrderType.Buy, 0.1m);
        var behind = await Reconciliation(_desk.Store).RunAsync(default);

        var reset = new InMemoryTradingStore(_desk.Time);
        var state = (await _desk.Store.ReadAccountAsync(Alice, default))!;
        await reset.RestoreAccountAsync(state with { Revision = 2 }, default);
        var lost = await Reconciliation(reset).RunAsync(default);

        Assert.Equal((1, 0, 0, 1), (behind.Checked, behind.InAgreement, behind.Drifting, behind.Behind));
        Assert.Equal(1, lost.Drifting);
        Assert.StartsWith("revision: store 2 below the ledger's", Assert.Single(Assert.Single(lost.Drifts).Differences), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_close_outstanding_when_the_store_was_lost_is_restored_and_sent_again_with_the_same_cl_ord_id()
    {
        var (desk, order, request) = await ProviderCloseOutstandingAsync();
        var wiped = new InMemoryTradingStore(desk.Time);
        TradingDesk.PutFxTerms(wiped, ("EURUSD", "USD", 0.0001m));

        var report = await Restore(wiped).RestoreAsync(default);
        var restored = (await wiped.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!;

        Assert.Equal(request, restored.ProviderRequest);
        Assert.Equal((0, 2), (report.Reconciliation!.Drifting, report.Reconciliation.InAgreement));

        // The restarted engine's link finds the close in flight and re-sends it as it was first sent; its report closes the position.
        var link = new RecordingProviderLink();
        var engine = new TradingEngine(wiped, desk.Book, Options.Create(new TradingOptions()), desk.Time, NullLogger<TradingEngine>.Instance, provider: link);
        var scan = await engine.LoadInFlightAsync(default);
        var resent = Assert.IsType<CloseRequest>(Assert.Single(ProviderRequests.Of(Assert.Single(scan.Orders))));
        Assert.Equal(request.ClientOrderId(order.Id), resent.ClientOrderId);
        Assert.Equal((TradeSide.Sell, 1m, order.Id), (resent.Side, resent.Volume, resent.OrderId));
        var answer = await engine.ApplyReportAsync(
            TestReports.Of(restored, ProviderOrderStatus.Executed, "close-1", desk.Time.GetUtcNow(), avgpx: 1.08600m, clientOrderId: resent.ClientOrderId) with { Side = TradeSide.Sell },
            default);
        Assert.Equal(ProviderReportOutcome.Applied, answer.Outcome);
        Assert.Equal(OrderStatus.Closed, (await wiped.ReadOrderAsync(TradingDesk.Bob, order.Id, default))!.Status);
    }

    [Fact]
    public async Task Reconciliation_reports_a_provider_request_the_store_and_the_ledger_disagree_on()
    {
        var (desk, order, request) = await ProviderCloseOutstandingAsync();
        var state = (await desk.Store.ReadAccountAsync(TradingDesk.Bob, default))!;
        var forgotten = new InMemoryTradingStore(desk.Time);
        await forgotten.RestoreAccountAsync((await desk.Store.ReadAccountAsync(Alice, default))!, default);
        await forgotten.RestoreAccountAsync(state with { ActiveOrders = [.. state.ActiveOrders.Select(o => o with { ProviderRequest = null })] }, default);

        var agreeing = await Reconciliation(desk.Store).RunAsync(default);
        var drifting = await Reconciliation(forgotten).RunAsync(default);

        Assert.Equal(0, agreeing.Drifting);
        var drift = Assert.Single(drifting.Drifts);
        Assert.Equal(TradingDesk.Bob.ToString(), drift.Account);
        var line = Assert.Single(drift.Differences);
        Assert.StartsWith($"position {order.Id}: store BUY EURUSD 1 opened", line, StringComparison.Ordinal);
        Assert.EndsWith("provider request " + request.Write(), line, StringComparison.Ordinal);
    }

    /// <summary>Bob (provider-routed) holds a position filled by the provider with a close sent and unanswered; all drained to the ledger.</summary>
    private async Task<(TradingDesk Desk, Order Order, OutstandingRequest Request)> ProviderCloseOutstandingAsync()
    {
        var desk = new TradingDesk(provider: new RecordingProviderLink());
        desk.Price("EURUSD", 1.08500m, 1.08520m);
        var queued = (await desk.Place(OrderType.Buy, 1m, account: TradingDesk.Bob)).Order!;
        var filled = await desk.Engine.ApplyReportAsync(TestReports.Of(queued, ProviderOrderStatus.Executed, "fill-1", desk.Time.GetUtcNow(), avgpx: 1.08520m), default);
        Assert.Equal(ProviderReportOutcome.Applied, filled.Outcome);
        var closing = await desk.Engine.CloseAsync(new CloseOrder(TradingDesk.Bob, queued.Id, desk.Key()), default);
        Assert.True(closing.Accepted, closing.Detail);
        var request = closing.Order!.ProviderRequest!;
        Assert.Equal(OutstandingRequest.Close, request.Action);
        var writer = Writer(desk.Store);
        await writer.StartAsync(default);
        Assert.False((await writer.RunOnceAsync(default)).Failed);
        Assert.Empty(desk.Store.Outbox(TradingDesk.Bob));
        Assert.Equal(request, Assert.Single(await _ledger.ReadOpenPositionsAsync(TradingDesk.Bob, default)).ProviderRequest);
        return (desk, closing.Order, request);
    }

    private static List<Trigger> Triggers(AccountState state)
    {
        var book = new TriggerBook();
        foreach (var order in state.ActiveOrders)
        {
            book.Apply(order, []);
        }

        return [.. book.All().OrderBy(t => t.Id.ToString(), StringComparer.Ordinal)];
    }

    private LedgerReconciliation Reconciliation(InMemoryTradingStore store) =>
        new(_ledger, store, store, Options.Create(new LedgerOptions()), _desk.Time, NullLogger<LedgerReconciliation>.Instance);

    private LedgerRestore Restore(InMemoryTradingStore store, IOrderObserver? observer = null, bool restoreOnStart = true) => new(
        _ledger,
        store,
        Options.Create(new LedgerOptions { RestoreOnStart = restoreOnStart }),
        _desk.Time,
        NullLogger<LedgerRestore>.Instance,
        Reconciliation(store),
        observer is null ? null : [observer]);

    private LedgerWriter Writer(ITradingOutbox outbox) =>
        new(outbox, _ledger, Options.Create(new LedgerOptions()), _desk.Time, NullLogger<LedgerWriter>.Instance);

    /// <summary>A buy opened and closed, a deposit, a sell with a stop-loss and take-profit left open, a buy with a stop, a buy limit resting; all drained to the ledger.</summary>
    private async Task TradeAndDrainAsync()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var bought = (await _desk.Place(OrderType.Buy, 1m)).Order!;
        _desk.Time.Advance(TimeSpan.FromSeconds(1));
        _desk.Price("EURUSD", 1.08600m, 1.08620m);
        Assert.True((await _desk.Engine.CloseAsync(new CloseOrder(Alice, bought.Id, _desk.Key()), default)).Order is not null);
        var account = await _desk.Account();
        await _desk.Store.PutAccountAsync(account with { WalletBalance = account.WalletBalance + 500m }, default);
        _desk.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await _desk.Place(OrderType.Sell, 0.5m, stopLoss: 1.09500m, takeProfit: 1.07500m)).Accepted);
        Assert.True((await _desk.Place(OrderType.Buy, 0.2m)).Accepted);
        Assert.True((await _desk.Place(OrderType.BuyLimit, 0.4m, price: 1.08000m)).Accepted);
        var writer = Writer(_desk.Store);
        await writer.StartAsync(default);
        Assert.False((await writer.RunOnceAsync(default)).Failed);
        Assert.Empty(_desk.Store.Outbox(Alice));
    }
}
