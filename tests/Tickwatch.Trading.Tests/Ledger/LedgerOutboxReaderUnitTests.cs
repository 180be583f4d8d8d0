using Tickwatch.Core.Trading;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Tests.Store;

namespace Tickwatch.Trading.Tests.Ledger;

/// <summary>How the writer reads an outbox page into ledger events: ids, payloads by kind, whole commits, poison entries.</summary>
public sealed class LedgerOutboxReaderUnitTests
{
    private static readonly AccountId Account = new(UserType.Live, 7);
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 2, 12, 0, 0, 123, TimeSpan.Zero).AddMicroseconds(456);
    private static readonly DateTimeOffset Now = At.AddMinutes(1);

    [Fact]
    public void Entries_of_one_commit_are_numbered_from_0_and_each_payload_is_read_by_its_kind()
    {
        var account = TradingStoreContract.AccountOf(Account, balance: 250m);
        var order = TradingStoreContract.OrderOf(Account, "o1");
        var entries = AccountEvents.OfPut(account, 0m, At).Select(e => OutboxEntry.Write(1, e))
            .Append(OutboxEntry.Write(2, new TradingEvent("order_filled", "o1", OrderJson.Write(order), At.AddSeconds(1))))
            .ToList();

        var reading = LedgerOutboxReader.Read(Account, entries, complete: true, Now);

        Assert.Null(reading.Poison);
        Assert.Equal([new LedgerEventId(Account, 1, 0), new LedgerEventId(Account, 1, 1), new LedgerEventId(Account, 2, 0)], reading.Events.Select(e => e.Id));
        Assert.Equal(account, reading.Events[0].Account);
        Assert.Equal(new BalanceChange(BalanceOperationKind.Deposit, 250m), reading.Events[1].Balance);
        Assert.Equal(order, reading.Events[2].Order);
        Assert.Equal([At, At, At.AddSeconds(1)], reading.Events.Select(e => e.At));
    }

    [Fact]
    public void A_page_that_ends_inside_a_commit_leaves_that_commit_whole_and_one_commit_longer_than_the_page_asks_for_more()
    {
        var put = AccountEvents.OfPut(TradingStoreContract.AccountOf(Account), 0m, At);
        var entries = new[] { Entry(1, "order_placed", "o1"), OutboxEntry.Write(2, put[0]), OutboxEntry.Write(2, put[1]) };

        var cut = LedgerOutboxReader.Read(Account, entries[..2], complete: false, Now);
        var alone = LedgerOutboxReader.Read(Account, entries[1..2], complete: false, Now);

        Assert.Equal([1L], cut.Events.Select(e => e.Id.Revision));
        Assert.False(cut.NeedsMore);
        Assert.Empty(alone.Events);
        Assert.True(alone.NeedsMore);
    }

    [Theory]
    [InlineData("not json", null, 1)]
    [InlineData("{\"revision\":3,\"kind\":\"order_filled\",\"order_id\":\"o3\",\"payload\":{}}", null, 1)]
    [InlineData("{\"revision\":3,\"at\":\"2026-12-02T12:00:00Z\",\"kind\":\"margin_called\",\"order_id\":null,\"payload\":{}}", 3L, 2)]
    [InlineData("{\"revision\":3,\"at\":\"2026-12-02T12:00:00Z\",\"kind\":\"order_filled\",\"order_id\":\"o3\",\"payload\":{\"order_id\":\"o3\"}}", 3L, 2)]
    [InlineData("{\"revision\":1,\"at\":\"2026-12-02T12:00:00Z\",\"kind\":\"order_filled\",\"order_id\":\"o3\",\"payload\":{}}", 1L, 1)]
    public void An_entry_that_cannot_be_recorded_holds_the_account_there_after_the_whole_commits_before_it(string poison, long? revision, int kept)
    {
        var entries = new[] { Entry(1, "order_placed", "o1"), Entry(2, "order_placed", "o2"), poison, Entry(4, "order_placed", "o4") };

        var reading = LedgerOutboxReader.Read(Account, entries, complete: true, Now);

        Assert.NotNull(reading.Poison);
        Assert.Equal((Account, revision, poison, Now), (reading.Poison.Account, reading.Poison.Revision, reading.Poison.Entry, reading.Poison.Since));
        Assert.False(string.IsNullOrWhiteSpace(reading.Poison.Problem));

        // An entry that could not be read (or is out of order) may belong to the commit before it: that commit waits too.
        Assert.Equal(new long[] { 1, 2 }.Take(kept), reading.Events.Select(e => e.Id.Revision));
    }

    private static string Entry(long revision, string kind, string orderId)
    {
        var order = TradingStoreContract.OrderOf(Account, orderId) with { Status = OrderStatus.Pending, OpenPrice = null, OpenedAt = null, PendingPrice = 1.07m, Type = OrderType.BuyLimit, OpenQuote = null };
        return OutboxEntry.Write(revision, new TradingEvent(kind, orderId, OrderJson.Write(order), At.AddSeconds(revision)));
    }
}
