using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Store;

/// <summary>The order event sequence: every store numbers each changed order in the commit itself and keeps the latest events.</summary>
public abstract partial class TradingStoreContract
{
    /// <summary>Order events each implementation's store keeps per account in this suite (Redis keeps about as many, never fewer).</summary>
    public const int OrderEventsRetained = 50;

    /// <summary>The order events of <see cref="Store"/>'s commits.</summary>
    protected abstract IOrderEventStream OrderEvents { get; }

    [Fact]
    public async Task Every_changed_order_of_a_commit_takes_the_next_order_seq_and_reads_back_in_commit_order()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        var pending = OrderOf(id, "e2", OrderStatus.Pending) with { Type = OrderType.BuyLimit, OpenPrice = null, OpenedAt = null, PendingPrice = 1.07125m };

        var first = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "e1"), pending] }, default);
        var closed = OrderOf(id, "e1", OrderStatus.Closed) with { ClosePrice = 1.08611m, CloseReason = "stop_out" };
        var second = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = first.Revision, Orders = [closed] }, default);
        var all = await OrderEvents.ReadSinceAsync(id, 0, 100, default);
        var after2 = await OrderEvents.ReadSinceAsync(id, 2, 100, default);

        Assert.Equal((CommitStatus.Committed, 1L), (first.Status, first.FirstOrderSeq));
        Assert.Equal((CommitStatus.Committed, 3L), (second.Status, second.FirstOrderSeq));
        Assert.Equal((1L, 3L, false), (all.FirstRetained, all.Last, all.Reset));
        Assert.Collection(
            all.Events,
            e => Assert.Equal((1L, "e1", OrderStatus.Open, 1.25m, (decimal?)1.08525m), (e.Seq, e.OrderId, e.Status, e.Volume, e.Price)),
            e => Assert.Equal((2L, "e2", OrderStatus.Pending, (decimal?)1.07125m), (e.Seq, e.OrderId, e.Status, e.Price)),
            e => Assert.Equal((3L, "e1", OrderStatus.Closed, (decimal?)1.08611m, "stop_out"), (e.Seq, e.OrderId, e.Status, e.ClosePrice, e.Reason)));
        Assert.All(all.Events, e => Assert.Equal((id, "EURUSD"), (e.Account, e.Symbol)));
        Assert.Equal([3L], after2.Events.Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task A_duplicate_a_conflict_a_fenced_commit_and_one_without_orders_take_no_order_seq()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        AccountCommit Keyed(long expected, string order) =>
            new() { Account = id, ExpectedRevision = expected, Orders = [OrderOf(id, order)], IdempotencyKey = "k-1", Result = order + "|x" };

        var placed = await Store.CommitAsync(Keyed(revision, "d1"), default);
        var duplicate = await Store.CommitAsync(Keyed(placed.Revision, "d2"), default);
        var conflict = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "d3")] }, default);
        var fenced = await Store.CommitAsync(
            new AccountCommit { Account = id, ExpectedRevision = placed.Revision, Orders = [OrderOf(id, "d4")], Fence = new StopOutFence(id, 99, "gone") }, default);
        var noOrders = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = placed.Revision, BalanceChange = 5m }, default);
        var next = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = noOrders.Revision, Orders = [OrderOf(id, "d5")] }, default);
        var page = await OrderEvents.ReadSinceAsync(id, 0, 100, default);

        Assert.Equal(
            [CommitStatus.Committed, CommitStatus.Duplicate, CommitStatus.Conflict, CommitStatus.Fenced, CommitStatus.Committed, CommitStatus.Committed],
            new[] { placed, duplicate, conflict, fenced, noOrders, next }.Select(o => o.Status));
        Assert.Equal([1L, null, null, null, null, 2L], new[] { placed, duplicate, conflict, fenced, noOrders, next }.Select(o => o.FirstOrderSeq));
        Assert.Equal([(1L, "d1"), (2L, "d5")], page.Events.Select(e => (e.Seq!.Value, e.OrderId)));
        Assert.Equal(2L, page.Last);
    }

    [Fact]
    public async Task A_reader_at_the_last_seq_gets_nothing_and_one_beyond_it_or_of_an_unknown_account_is_told_what_it_holds()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "r1")] }, default);

        var current = await OrderEvents.ReadSinceAsync(id, 1, 100, default);
        var beyond = await OrderEvents.ReadSinceAsync(id, 7, 100, default);
        var unknownFresh = await OrderEvents.ReadSinceAsync(NewAccountId(), 0, 100, default);
        var unknownResumed = await OrderEvents.ReadSinceAsync(NewAccountId(), 3, 100, default);

        Assert.Equal((0, false, 1L), (current.Events.Count, current.Reset, current.Last));
        Assert.Equal((0, true, 1L), (beyond.Events.Count, beyond.Reset, beyond.Last));
        Assert.Equal((0, false, 0L), (unknownFresh.Events.Count, unknownFresh.Reset, unknownFresh.Last));
        Assert.True(unknownResumed.Reset);
    }

    [Fact]
    public async Task Only_the_latest_events_are_kept_and_a_reader_older_than_the_first_kept_is_told_to_reset()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        const int Commits = 30, PerCommit = 10;
        for (var c = 0; c < Commits; c++)
        {
            var outcome = await Store.CommitAsync(
                new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [.. Enumerable.Range(0, PerCommit).Select(i => OrderOf(id, $"m{c}-{i}"))] },
                default);
            Assert.Equal(CommitStatus.Committed, outcome.Status);
            revision = outcome.Revision;
        }

        const long Last = Commits * PerCommit;
        var fromStart = await OrderEvents.ReadSinceAsync(id, 0, 1000, default);
        var kept = await OrderEvents.ReadSinceAsync(id, Last - OrderEventsRetained, 1000, default);
        var firstPage = await OrderEvents.ReadSinceAsync(id, Last - OrderEventsRetained, 20, default);

        Assert.True(fromStart.Reset);
        Assert.Empty(fromStart.Events);
        Assert.Equal(Last, fromStart.Last);
        Assert.InRange(fromStart.FirstRetained, 2, Last - OrderEventsRetained + 1);
        Assert.False(kept.Reset);
        Assert.Equal(Enumerable.Range((int)(Last - OrderEventsRetained + 1), OrderEventsRetained).Select(n => (long?)n), kept.Events.Select(e => e.Seq));
        Assert.Equal($"m{Commits - 1}-{PerCommit - 1}", kept.Events[^1].OrderId);
        Assert.Equal((20, true), (firstPage.Events.Count, firstPage.HasMore));
        Assert.False(kept.HasMore);
    }

    [Fact]
    public async Task A_restored_account_continues_its_order_seq()
    {
        var id = NewAccountId();
        await Store.PutAccountAsync(AccountOf(id), default);
        var revision = (await Store.ReadAccountAsync(id, default))!.Revision;
        var placed = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = revision, Orders = [OrderOf(id, "s1"), OrderOf(id, "s2")] }, default);

        var restored = await ((ITradingStoreRestore)Store).RestoreAccountAsync(new AccountState(AccountOf(id), placed.Revision + 10, [OrderOf(id, "s1")]), default);
        var next = await Store.CommitAsync(new AccountCommit { Account = id, ExpectedRevision = placed.Revision + 10, Orders = [OrderOf(id, "s3")] }, default);

        Assert.True(restored.Restored);
        Assert.Equal((CommitStatus.Committed, 3L), (next.Status, next.FirstOrderSeq));
        Assert.Equal([1L, 2L, 3L], (await OrderEvents.ReadSinceAsync(id, 0, 100, default)).Events.Select(e => e.Seq!.Value));
    }
}
