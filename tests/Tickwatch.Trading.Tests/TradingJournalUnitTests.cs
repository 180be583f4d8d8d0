using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;

namespace Tickwatch.Trading.Tests;

public sealed class TradingJournalUnitTests
{
    [Fact]
    public void The_journal_keeps_the_newest_orders_and_refusals_up_to_its_capacity_and_forgets_the_oldest_first()
    {
        var journal = new TradingJournal(orderCapacity: 3, refusalCapacity: 2);
        var account = AccountId.Parse("live:42");

        for (var i = 1; i <= 5; i++)
        {
            journal.Committed($"o{i}", account);
            journal.Committed($"o{i}", account);
            journal.Refused(new TradingRefusal(DateTimeOffset.UnixEpoch, "place", "live:42", "EURUSD", "REQUOTE", "moved") { Id = $"rf{i}" });
        }

        Assert.Equal([null, null, account, account, account], Enumerable.Range(1, 5).Select(i => journal.AccountOf($"o{i}")));
        Assert.Equal([false, false, false, true, true], Enumerable.Range(1, 5).Select(i => journal.Refusal($"rf{i}") is not null));
    }
}
