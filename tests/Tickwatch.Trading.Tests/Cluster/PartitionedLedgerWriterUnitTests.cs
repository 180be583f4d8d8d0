using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Tests.Ledger;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>The ledger writer drains only the outboxes of its partitions' accounts; two writers overlapping on one account write each event once.</summary>
public sealed class PartitionedLedgerWriterUnitTests : IAsyncLifetime
{
    private static readonly AccountId Alice = TradingDesk.Alice;
    private static readonly AccountId Carol = new(UserType.Live, 43);
    private readonly TradingDesk _desk = new();
    private readonly TemporaryLedger _temporary;

    public PartitionedLedgerWriterUnitTests() => _temporary = new TemporaryLedger(_desk.Time);

    private DateTimeOffset Since => _desk.Time.GetUtcNow().AddDays(-1);

    private DateTimeOffset Until => _desk.Time.GetUtcNow().AddDays(1);

    public async Task InitializeAsync()
    {
        Assert.NotEqual(PartitionMap.Of(Alice), PartitionMap.Of(Carol));
        await _desk.Store.PutAccountAsync(new TradingAccount { Id = Carol, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default);
        _desk.Price("EURUSD", 1.08500m, 1.08520m);
        foreach (var account in new[] { Alice, Carol })
        {
            Assert.NotNull((await _desk.Place(OrderType.Buy, 1m, account: account)).Order);
            Assert.NotNull((await _desk.Place(OrderType.Sell, 0.5m, account: account)).Order);
        }
    }

    public Task DisposeAsync() => _temporary.DisposeAsync().AsTask();

    [Fact]
    public async Task A_writer_drains_only_its_partitions_and_takes_a_gained_one_over()
    {
        var ownership = new FakePartitionOwnership([PartitionMap.Of(Alice)]);
        var writer = Writer(ownership);
        Assert.True(await writer.StartAsync(default));
        var carolEntries = _desk.Store.Outbox(Carol).Count;

        await writer.RunOnceAsync(default);

        Assert.Empty(_desk.Store.Outbox(Alice));
        Assert.Equal(carolEntries, _desk.Store.Outbox(Carol).Count);
        Assert.Equal(2, (await _temporary.Store.ReadDealsAsync(Alice, Since, Until, default)).Count);
        Assert.Empty(await _temporary.Store.ReadDealsAsync(Carol, Since, Until, default));

        await ownership.Gain(PartitionMap.Of(Carol));
        await writer.RunOnceAsync(default);

        Assert.Empty(_desk.Store.Outbox(Carol));
        Assert.Equal(2, (await _temporary.Store.ReadDealsAsync(Carol, Since, Until, default)).Count);
    }

    [Fact]
    public async Task Two_writers_owning_the_same_accounts_at_once_write_each_event_once()
    {
        var first = Writer(FakePartitionOwnership.All());
        var second = Writer(FakePartitionOwnership.All());
        Assert.True(await first.StartAsync(default));
        Assert.True(await second.StartAsync(default));
        var entries = _desk.Store.Outbox(Alice).Count + _desk.Store.Outbox(Carol).Count;

        // Both read the same outboxes before either trims, then both write: the ledger skips what it holds.
        var passes = await Task.WhenAll(first.RunOnceAsync(default), second.RunOnceAsync(default));
        await first.RunOnceAsync(default);
        await second.RunOnceAsync(default);

        Assert.All(passes, p => Assert.False(p.Failed));
        foreach (var account in new[] { Alice, Carol })
        {
            Assert.Empty(_desk.Store.Outbox(account));
            Assert.Equal(2, (await _temporary.Store.ReadDealsAsync(account, Since, Until, default)).Count);
            var hot = (await _desk.Store.ReadAccountAsync(account, default))!;
            Assert.Equal(hot.Account.WalletBalance, (await _temporary.Store.ReadAccountAsync(account, default))!.Balance);
        }

        // Every entry was written by exactly one of them; what the other offered again was skipped as a duplicate.
        Assert.Equal(entries, first.Report().Written + second.Report().Written);
    }

    private LedgerWriter Writer(IPartitionOwnership ownership) =>
        new(_desk.Store, _temporary.Store, Options.Create(new LedgerOptions()), _desk.Time, NullLogger<LedgerWriter>.Instance, ownership);
}
