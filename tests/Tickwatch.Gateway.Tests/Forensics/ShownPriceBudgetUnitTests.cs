using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Tests.Support;

namespace Tickwatch.Gateway.Tests.Forensics;

/// <summary>
/// The memory budget README.md states for the record of what was shown: 1,000 users × 20 symbols, every ring full at
/// the default 64 entries, within 35 MB by the log's own accounting, and the process grows by about as much.
/// </summary>
/// <remarks>Alone, not beside other tests: the managed heap is measured before and after.</remarks>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ShownPriceBudgetUnitTests
{
    /// <summary>README.md's figure: 1,000 × (a user's 448 bytes + 20 × (a ring's 168 + an array's 24 + 64 × 24)).</summary>
    private const long StatedBudget = 35_008_000;

    [Fact]
    public void A_thousand_users_with_twenty_full_symbols_each_stay_within_the_stated_budget_and_the_heap_grows_by_about_as_much()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var symbols = SymbolCatalog.Create(new PricesOptions()).All.Take(20).Select(s => s.Symbol).ToArray();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var log = ShownPriceLogUnitTests.Log(time);
        for (var user = 1; user <= 1_000; user++)
        {
            ShownPriceLogUnitTests.Fill(log.ForStream($"live:{user}")!, symbols, 100, time.GetUtcNow());
        }

        var report = log.Report();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(log);

        Assert.Equal((1_000, 20_000, 1_000 * 20 * 64L), (report.Users, report.UserSymbols, report.EntriesHeld));
        Assert.Equal(StatedBudget, report.BytesHeld);
        var grown = after - before;
        // The heap is the process's: what other hosts of this test run still do moves it by a few percent either way.
        Assert.True(
            Math.Abs(grown - report.BytesHeld) < report.BytesHeld / 10,
            $"the heap grew by {grown:N0} bytes for {report.BytesHeld:N0} accounted ({(double)grown / report.BytesHeld:P1})");
    }
}
