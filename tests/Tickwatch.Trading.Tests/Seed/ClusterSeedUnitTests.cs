using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;
using Tickwatch.Trading.Tests.Cluster;

namespace Tickwatch.Trading.Tests.Seed;

/// <summary>The restore and seed of a leased cluster run once: <c>cluster:seed_done</c> is set only at their end, and a restore cut off half way is finished by the next holder.</summary>
public sealed class ClusterSeedUnitTests
{
    private static readonly LeaseName Restore = LeaseName.Job(ClusterJobs.LedgerRestore);
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryTradingStore _store = new();
    private readonly InMemoryClusterSeedMark _mark = new();

    [Fact]
    public async Task A_restore_cut_off_half_way_is_finished_by_the_next_holder_and_marked_done_only_then_and_no_one_else_runs_it()
    {
        var ledger = new HalfwayRestore(_store, accounts: 4, stopAfter: 2);
        var (a, leasesA) = Instance("market-a", ledger);
        var (b, leasesB) = Instance("market-b", ledger);
        var (c, leasesC) = Instance("market-c", ledger);
        foreach (var service in new[] { a, b, c })
        {
            await service.StartAsync(default);
        }

        await Eventually.UntilAsync(() => leasesA.Waiting(Restore) >= 1 && leasesB.Waiting(Restore) >= 1 && leasesC.Waiting(Restore) >= 1, "all three wait for the restore lease");

        // A takes the lease and is killed half way through the restore.
        leasesA.Grant(Restore);
        await Eventually.UntilAsync(() => ledger.Calls == 1 && ledger.Blocked, "a's restore stopped half way");
        Assert.Equal(2, (await _store.ListAccountsAsync(default)).Count);
        await a.StopAsync(default);
        leasesA.Revoke(Restore);
        Assert.Null(await _mark.ReadAsync(default));
        Assert.False(a.Done);

        // B holds the lease next: the store is not empty, yet the restore is not marked done, so B finishes it.
        leasesB.Grant(Restore);
        await Eventually.UntilAsync(() => b.Done && b.MarkedHere, "b restored, seeded and marked");
        Assert.Equal(2, ledger.Calls);
        Assert.Equal(0, ledger.IfEmptyCalls);
        Assert.True(b.Restored);
        Assert.StartsWith("market-b|", await _mark.ReadAsync(default), StringComparison.Ordinal);
        Assert.Equal(Restore, Assert.Single(leasesB.Released));
        Assert.Equal(ledger.Accounts.Select(a => a.ToString()).Order(StringComparer.Ordinal), (await _store.ListAccountsAsync(default)).Select(a => a.ToString()).Order(StringComparer.Ordinal));

        // C never held the lease: it waits for the mark, then does neither restore nor seed.
        await Eventually.UntilAsync(
            () =>
            {
                _time.Advance(TradingSeedService.MarkPoll);
                return c.Done;
            },
            "c saw the mark");
        Assert.False(c.MarkedHere);
        Assert.False(leasesC.Holds(Restore, out _));
        Assert.Equal(2, ledger.Calls);

        // Restored, so the seed wrote its terms only: no demo account over the ledger's.
        Assert.Null(await _store.ReadAccountAsync(AccountId.Parse("demo:1"), default));
        Assert.NotEmpty(await _store.ListTermsAsync(default));
        await b.StopAsync(default);
        await c.StopAsync(default);
    }

    [Fact]
    public async Task An_instance_that_starts_after_the_mark_is_set_neither_restores_nor_seeds_nor_waits_for_the_lease()
    {
        await _mark.MarkAsync("market-a|2026-12-07T12:00:00Z|seeded", default);
        var ledger = new HalfwayRestore(_store, accounts: 2, stopAfter: 0);
        var (late, leases) = Instance("market-b", ledger);

        await late.StartAsync(default);
        await Eventually.UntilAsync(() => late.Done, "the late instance saw the mark");

        Assert.Equal(0, leases.Waiting(Restore));
        Assert.Equal((0, 0), (ledger.Calls, ledger.IfEmptyCalls));
        Assert.Empty(await _store.ListAccountsAsync(default));
        Assert.Empty(await _store.ListTermsAsync(default));
        Assert.False(late.MarkedHere);
        await late.StopAsync(default);
    }

    [Fact]
    public async Task The_first_holder_that_finishes_seeds_an_empty_cluster_and_marks_it_done()
    {
        var ledger = new HalfwayRestore(_store, accounts: 0, stopAfter: 0);
        var (first, leases) = Instance("market-a", ledger);

        await first.StartAsync(default);
        await Eventually.UntilAsync(() => leases.Waiting(Restore) >= 1, "it waits for the restore lease");
        Assert.Null(await _mark.ReadAsync(default));
        leases.Grant(Restore);
        await Eventually.UntilAsync(() => first.MarkedHere, "it seeded and marked");

        Assert.False(first.Restored);
        Assert.NotNull(await _store.ReadAccountAsync(AccountId.Parse("demo:1"), default));
        Assert.EndsWith("|seeded", await _mark.ReadAsync(default), StringComparison.Ordinal);
        await first.StopAsync(default);
    }

    private (TradingSeedService Service, FakeLeaseHolder Leases) Instance(string id, ITradingStateRestore restore)
    {
        var leases = new FakeLeaseHolder(id);
        var service = new TradingSeedService(
            _store, Options.Create(new TradingOptions()), _time, NullLogger<TradingSeedService>.Instance, restore, leases, _mark);
        return (service, leases);
    }

    /// <summary>A ledger of <c>accounts</c> accounts whose first restore stops after <c>stopAfter</c> of them until cancelled (its instance killed).</summary>
    private sealed class HalfwayRestore : ITradingStateRestore
    {
        private readonly ITradingStore _store;
        private readonly int _stopAfter;
        private int _calls;
        private int _ifEmptyCalls;
        private volatile bool _blocked;

        public HalfwayRestore(ITradingStore store, int accounts, int stopAfter)
        {
            _store = store;
            _stopAfter = stopAfter;
            Accounts = [.. Enumerable.Range(1, accounts).Select(n => new AccountId(UserType.Live, 5_000 + n))];
        }

        public IReadOnlyList<AccountId> Accounts { get; }

        public int Calls => Volatile.Read(ref _calls);

        public int IfEmptyCalls => Volatile.Read(ref _ifEmptyCalls);

        public bool Blocked => _blocked;

        public async Task<bool> RestoreIfEmptyAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _ifEmptyCalls);
            return (await _store.ListAccountsAsync(cancellationToken)).Count == 0 && await RestoreMissingAsync(cancellationToken);
        }

        public async Task<bool> RestoreMissingAsync(CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var held = (await _store.ListAccountsAsync(cancellationToken)).ToHashSet();
            var put = 0;
            foreach (var account in Accounts.Where(a => !held.Contains(a)))
            {
                if (call == 1 && put == _stopAfter && _stopAfter > 0)
                {
                    _blocked = true;
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                await _store.PutAccountAsync(new TradingAccount { Id = account, WalletBalance = 1_000m, Leverage = 100m, Group = "Standard" }, cancellationToken);
                put++;
            }

            return Accounts.Count > 0;
        }
    }
}
