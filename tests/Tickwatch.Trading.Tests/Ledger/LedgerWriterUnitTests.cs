using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.Trading.Tests.Ledger;

/// <summary>The ledger writer on the in-memory trading store and a SQLite file: drains in order, exactly once, across a restart, and holds an account at a poison entry.</summary>
public sealed class LedgerWriterUnitTests : IAsyncLifetime
{
    private static readonly AccountId Alice = TradingDesk.Alice;
    private readonly TradingDesk _desk = new();
    private readonly TemporaryLedger _temporary;
    private readonly SqliteLedgerStore _ledger;

    private DateTimeOffset Since => _desk.Time.GetUtcNow().AddDays(-1);

    private DateTimeOffset Until => _desk.Time.GetUtcNow().AddDays(1);

    public LedgerWriterUnitTests()
    {
        _temporary = new TemporaryLedger(_desk.Time);
        _ledger = _temporary.Store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _temporary.DisposeAsync().AsTask();

    [Fact]
    public async Task A_pass_moves_every_change_to_the_ledger_and_empties_the_outbox_so_the_ledger_matches_the_hot_state()
    {
        var (closed, open) = await TradeAsync();
        var entries = _desk.Store.Outbox(Alice).Count;
        var writer = Writer(_desk.Store);

        Assert.True(await writer.StartAsync(default));
        var pass = await writer.RunOnceAsync(default);

        Assert.Equal(new LedgerPass(entries, 0, More: false, Failed: false), pass);
        Assert.Empty(_desk.Store.Outbox(Alice));
        Assert.Empty(await _desk.Store.ReadPendingAccountsAsync(sweep: false, default));
        var hot = (await _desk.Store.ReadAccountAsync(Alice, default))!;
        var books = (await _ledger.ReadAccountAsync(Alice, default))!;
        Assert.Equal(hot.Account.WalletBalance, books.Balance);
        Assert.Equal(new LedgerEventId(Alice, hot.Revision, 0), books.Position);
        Assert.Equal([OrderStatus.Open, OrderStatus.Closed], (await _ledger.ReadOrderHistoryAsync(Alice, Since, Until, default)).Where(h => h.OrderId == closed).Select(h => h.Status));
        Assert.Equal(
            [(closed, DealKind.Fill), (closed, DealKind.Close), (open, DealKind.Fill)],
            (await _ledger.ReadDealsAsync(Alice, Since, Until, default)).Select(d => (d.OrderId, d.Kind)));
        Assert.Equal([open], (await _ledger.ReadOpenPositionsAsync(Alice, default)).Select(o => o.Id));
        var report = writer.Report();
        Assert.Equal((LedgerWriterState.Running, 0L, 0, TimeSpan.Zero, (long)entries, 0L), (report.State, report.OutboxDepth, report.PendingAccounts, report.Lag, report.Written, report.Failures));
        Assert.Equal(2, report.SchemaVersion);
    }

    [Fact]
    public async Task A_small_batch_takes_whole_commits_in_order_over_several_passes()
    {
        await TradeAsync();
        var entries = _desk.Store.Outbox(Alice).Count;
        var writer = Writer(_desk.Store, batchSize: 1);
        await writer.StartAsync(default);

        var passes = new List<LedgerPass>();
        do
        {
            passes.Add(await writer.RunOnceAsync(default));
        }
        while (passes[^1].More && passes.Count < 100);

        // A put's two entries are one commit, longer than the batch: the pass reads a longer page and takes that commit whole.
        Assert.Equal([2, 1, 1, 2, 1], passes.Select(p => p.Written));
        Assert.All(passes[..^1], p => Assert.True(p.More));
        Assert.Equal(entries, passes.Sum(p => p.Written));
        Assert.Empty(_desk.Store.Outbox(Alice));
        Assert.Equal((await _desk.Account()).WalletBalance, (await _ledger.ReadAccountAsync(Alice, default))!.Balance);
    }

    [Fact]
    public async Task A_writer_stopped_between_the_ledger_write_and_the_trim_then_restarted_loses_nothing_and_duplicates_nothing()
    {
        await TradeAsync();
        var before = _desk.Store.Outbox(Alice).Count;
        var outbox = new ListOutbox(_desk.Store) { FailTrims = 1 };
        var first = Writer(outbox);
        await first.StartAsync(default);

        var failed = await first.RunOnceAsync(default);

        Assert.True(failed.Failed);
        Assert.Equal((LedgerWriterState.BackingOff, 1L), (first.State, first.Report().Failures));
        Assert.Contains("trimming", first.Report().LastError, StringComparison.Ordinal);
        Assert.Equal(before, _desk.Store.Outbox(Alice).Count);
        Assert.Equal(before, _ledger.Statistics.Applied);

        // While no writer runs the hot state goes on changing; a new writer (a restart) resumes from the ledger's position.
        _desk.Price("EURUSD", 1.08700m, 1.08720m);
        await _desk.Place(OrderType.Buy, 0.2m);
        var restarted = Writer(_desk.Store);
        await restarted.StartAsync(default);
        var pass = await restarted.RunOnceAsync(default);

        Assert.Equal(new LedgerPass(1, before, More: false, Failed: false), pass);
        Assert.Empty(_desk.Store.Outbox(Alice));
        Assert.Equal(before + 1, _ledger.Statistics.Applied);
        Assert.Equal((await _desk.Account()).WalletBalance, (await _ledger.ReadAccountAsync(Alice, default))!.Balance);
        Assert.Equal(2, (await _ledger.ReadOpenPositionsAsync(Alice, default)).Count);
    }

    [Fact]
    public async Task A_poison_entry_holds_its_account_there_counted_once_while_the_other_accounts_go_on_until_it_is_mended()
    {
        var bob = new AccountId(UserType.Live, 77);
        var outbox = new ListOutbox();
        var at = _desk.Time.GetUtcNow();
        outbox.Of(Alice).AddRange(AccountEvents.OfPut(TradingStoreContract.AccountOf(Alice, 100m), 0m, at).Select(e => OutboxEntry.Write(1, e)));
        outbox.Of(Alice).Add("{\"revision\":2,\"kind\":\"garbled");
        outbox.Of(Alice).Add(OutboxEntry.Write(3, AccountEvents.OfPut(TradingStoreContract.AccountOf(Alice, 150m), 100m, at)[1]));
        outbox.Of(bob).AddRange(AccountEvents.OfPut(TradingStoreContract.AccountOf(bob, 20m), 0m, at).Select(e => OutboxEntry.Write(1, e)));
        var writer = Writer(outbox);
        await writer.StartAsync(default);

        var first = await writer.RunOnceAsync(default);
        var second = await writer.RunOnceAsync(default);
        _desk.Time.Advance(TimeSpan.FromSeconds(5));

        // The garbled entry may belong to the commit before it (it cannot say): that commit waits with it.
        Assert.Equal((2, false), (first.Written, first.More));
        Assert.Equal(0, second.Written);
        Assert.Equal(4, outbox.Of(Alice).Count);
        Assert.Empty(outbox.Of(bob));
        var report = writer.Report();
        var held = Assert.Single(report.Poison);
        Assert.Equal((Alice, "{\"revision\":2,\"kind\":\"garbled"), (held.Account, held.Entry));
        Assert.Equal((1L, 4L, 1), (report.PoisonSeen, report.OutboxDepth, report.PendingAccounts));
        Assert.Equal(TimeSpan.FromSeconds(5), report.Lag);
        Assert.Null(await _ledger.ReadAccountAsync(Alice, default));
        Assert.Equal(20m, (await _ledger.ReadAccountAsync(bob, default))!.Balance);

        // An operator puts the entry right: the account moves again, its later entries after it.
        outbox.Of(Alice)[2] = OutboxEntry.Write(2, AccountEvents.OfPut(TradingStoreContract.AccountOf(Alice, 100m), 100m, at)[0]);
        var mended = await writer.RunOnceAsync(default);

        Assert.Equal(4, mended.Written);
        Assert.Empty(writer.Report().Poison);
        Assert.Equal(150m, (await _ledger.ReadAccountAsync(Alice, default))!.Balance);
    }

    [Fact]
    public async Task A_hot_state_reset_behind_the_ledger_holds_the_account_and_writes_and_trims_nothing()
    {
        await TradeAsync();
        var first = Writer(_desk.Store);
        await first.StartAsync(default);
        await first.RunOnceAsync(default);
        var books = (await _ledger.ReadAccountAsync(Alice, default))!;

        // A restarted tickwatch up: an empty in-memory store makes the same account again, at revision 1.
        var reset = new TradingDesk();
        var entries = reset.Store.Outbox(Alice).Count;
        var writer = Writer(reset.Store);
        await writer.StartAsync(default);
        var pass = await writer.RunOnceAsync(default);

        Assert.Equal((0, 0), (pass.Written, pass.Duplicates));
        Assert.Equal(entries, reset.Store.Outbox(Alice).Count);
        var held = Assert.Single(writer.Report().Poison);
        Assert.Equal((Alice, (long?)1), (held.Account, held.Revision));
        Assert.Contains($"the hot state is behind the ledger: revision 1 here, {books.Position!.Value.Revision} in the ledger", held.Problem, StringComparison.Ordinal);
        Assert.Equal((books.Balance, books.Position), ((await _ledger.ReadAccountAsync(Alice, default))!.Balance, (await _ledger.ReadAccountAsync(Alice, default))!.Position));
    }

    [Fact]
    public async Task Under_a_load_that_fills_every_batch_each_pass_takes_the_accounts_after_the_last_one_read()
    {
        // Six accounts, each with a change waiting; every account a pass writes gets a new one at once, as under load.
        var accounts = Enumerable.Range(1, 6).Select(n => new AccountId(UserType.Live, 500 + n)).ToList();
        var outbox = new ListOutbox();
        var revisions = accounts.ToDictionary(a => a, _ => 1L);
        var at = _desk.Time.GetUtcNow();
        foreach (var account in accounts)
        {
            outbox.Of(account).Add(Change(account, 1));
        }

        var writer = Writer(outbox, batchSize: 2);
        await writer.StartAsync(default);
        for (var pass = 0; pass < 3; pass++)
        {
            Assert.Equal(2, (await writer.RunOnceAsync(default)).Written);
            foreach (var account in accounts.Where(a => outbox.Of(a).Count == 0))
            {
                outbox.Of(account).Add(Change(account, ++revisions[account]));
            }
        }

        // Three passes of two accounts each: every account once, none left behind the busy ones.
        Assert.All(accounts, a => Assert.Equal(2, revisions[a]));
        foreach (var account in accounts)
        {
            Assert.Equal(1, (await _ledger.ReadAccountAsync(account, default))!.Position!.Value.Revision);
        }

        string Change(AccountId account, long revision) =>
            OutboxEntry.Write(revision, AccountEvents.OfPut(TradingStoreContract.AccountOf(account, 100m), 100m, at).Single());
    }

    private LedgerWriter Writer(ITradingOutbox outbox, int batchSize = 500) =>
        new(outbox, _ledger, Options.Create(new LedgerOptions { BatchSize = batchSize }), _desk.Time, NullLogger<LedgerWriter>.Instance);

    /// <summary>A buy opened and closed at a profit, a deposit, and a sell left open.</summary>
    private async Task<(string Closed, string Open)> TradeAsync()
    {
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        var bought = (await _desk.Place(OrderType.Buy, 1m)).Order!;
        _desk.Time.Advance(TimeSpan.FromSeconds(1));
        _desk.Price("EURUSD", 1.08600m, 1.08620m);
        Assert.True((await _desk.Engine.CloseAsync(new CloseOrder(Alice, bought.Id, _desk.Key()), default)).Order is not null);
        var account = await _desk.Account();
        await _desk.Store.PutAccountAsync(account with { WalletBalance = account.WalletBalance + 500m }, default);
        _desk.Time.Advance(TimeSpan.FromSeconds(1));
        var sold = (await _desk.Place(OrderType.Sell, 0.5m)).Order!;
        return (bought.Id, sold.Id);
    }
}
