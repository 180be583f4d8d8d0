using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>
/// Two calculators on one store: each values only its partitions' accounts, a commit made on the other instance reaches
/// the owner as a recalculation hint, and a partition handed over is valued by its new owner and no longer by the old.
/// </summary>
public sealed class PartitionedPortfolioUnitTests : IAsyncDisposable
{
    private static readonly AccountId Alice = new(UserType.Live, 42);
    private static readonly AccountId Bob = new(UserType.Live, 43);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTradingStore _store;
    private readonly PriceBook _book;
    private readonly InMemoryPortfolioStore _portfolios = new();
    private readonly PortfolioNode _a;
    private readonly PortfolioNode _b;

    public PartitionedPortfolioUnitTests()
    {
        _store = new InMemoryTradingStore(_time);
        _book = new PriceBook(TradingDesk.StandardSymbols(), _time);
        foreach (var id in new[] { Alice, Bob })
        {
            _store.PutAccountAsync(new TradingAccount { Id = id, WalletBalance = 10_000m, Leverage = 100m, Group = "Standard" }, default).GetAwaiter().GetResult();
        }

        TradingDesk.PutFxTerms(_store, ("EURUSD", "USD", 0.0001m));
        var others = Enumerable.Range(0, PartitionMap.DefaultPartitions).Where(p => p != PartitionMap.Of(Alice));
        _a = new PortfolioNode("a", _store, _book, _portfolios, _time, new FakePartitionOwnership([PartitionMap.Of(Alice)]));
        _b = new PortfolioNode("b", _store, _book, _portfolios, _time, new FakePartitionOwnership(others));
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_commit_on_an_account_owned_elsewhere_is_valued_by_the_owner_only()
    {
        await _a.StartAsync();
        await _b.StartAsync();
        Price(1.08500m, 1.08520m);

        // Alice (owned by a) trades on b, Bob (owned by b) on a.
        await _b.BuyAsync(Alice, 1m);
        await _a.BuyAsync(Bob, 2m);
        Price(1.08600m, 1.08620m);

        await PortfolioWhen(Alice, p => p.OpenPnl == 70.00m);
        await PortfolioWhen(Bob, p => p.OpenPnl == 140.00m);
        await Settled();
        Assert.Equal((1, 1), (_a.Tracked, _b.Tracked));
        Assert.Equal((1L, 1L), (_a.Hints.Published, _b.Hints.Published));
    }

    [Fact]
    public async Task A_partition_handed_over_is_valued_by_its_new_owner_and_dropped_by_the_old()
    {
        await _a.StartAsync();
        await _b.StartAsync();
        Price(1.08500m, 1.08520m);
        await _a.BuyAsync(Alice, 1m);
        Price(1.08600m, 1.08620m);
        await PortfolioWhen(Alice, p => p.OpenPnl == 70.00m);
        await Settled();
        Assert.Equal((1, 0), (_a.Tracked, _b.Tracked));

        await _a.Ownership.Lose(PartitionMap.Of(Alice));
        await _b.Ownership.Gain(PartitionMap.Of(Alice));
        await Eventually.UntilAsync(() => _a.Tracked == 0 && _b.Tracked == 1, "Alice moved to b");
        await Settled();
        var recomputesOfA = _a.Calculator.GetStatistics().Recomputes;

        Price(1.08700m, 1.08720m);
        await PortfolioWhen(Alice, p => p.OpenPnl == 170.00m);
        await Settled();
        Assert.Equal(recomputesOfA, _a.Calculator.GetStatistics().Recomputes);
    }

    [Fact]
    public async Task Alone_nothing_is_published_for_an_account_owned_here()
    {
        var hints = new ClusterCommitHints(FakePartitionOwnership.All(), _portfolios, _time, NullLogger<ClusterCommitHints>.Instance);
        var heard = new List<AccountId>();
        await using var subscription = await _portfolios.SubscribeRecalcAsync(accounts => { lock (heard) { heard.AddRange(accounts); } }, default);
        using var stop = new CancellationTokenSource();
        var run = hints.RunAsync(stop.Token);

        hints.OnOrdersCommitted(Alice, []);
        var notOwned = new ClusterCommitHints(new FakePartitionOwnership(), _portfolios, _time, NullLogger<ClusterCommitHints>.Instance);
        var runNotOwned = notOwned.RunAsync(stop.Token);
        notOwned.OnOrdersCommitted(Bob, []);
        await Eventually.UntilAsync(() => notOwned.Published == 1, "the hint for Bob was published");

        Assert.Equal(0, hints.Published);
        lock (heard)
        {
            Assert.Equal([Bob], heard);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(run, runNotOwned));
    }

    private void Price(decimal bid, decimal ask) =>
        Assert.NotNull(_book.Apply(new PriceUpdate { Symbol = "EURUSD", Bid = bid, Ask = ask, Feed = "json", ReceivedAt = _time.GetUtcNow() }).Quote);

    private Task<AccountPortfolio?> PortfolioWhen(AccountId account, Func<AccountPortfolio, bool> condition) =>
        Eventually.ValueAsync(() => _portfolios.ReadAsync(account, default), p => p is not null && condition(p), $"the portfolio of {account}");

    private Task Settled() => Eventually.UntilAsync(() => _a.IsIdle && _b.IsIdle, "both calculators are idle");
}
