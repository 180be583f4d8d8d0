using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;

namespace Tickwatch.Storage.Tests.Cluster;

/// <summary>Two coordinators on one in-memory store, on the real clock with short leases: who holds, who takes over, how fast.</summary>
public sealed class ClusterCoordinatorUnitTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ClusterOptions _options = QuickLeases.Options();

    private readonly InMemoryLeaseStore _store = new(TimeProvider.System);
    private readonly InMemoryInstanceDirectory _directory = new(TimeProvider.System);
    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];
    private readonly LeaseName _feed = LeaseName.Feed("binary");

    [Fact]
    public async Task One_instance_holds_the_lease_and_the_other_takes_it_within_ttl_and_poll_after_the_first_is_cut_off()
    {
        var (a, storeA, _) = Start("market-a");
        var heldA = await a.WaitForAsync(_feed, default).WaitAsync(Deadline);
        var (b, _, _) = Start("market-b");
        var waitingB = b.WaitForAsync(_feed, default);
        await Eventually.UntilAsync(() => b.Wanted.Count == 1 && !waitingB.IsCompleted);
        Assert.True(a.Holds(_feed, out _));
        Assert.False(b.Holds(_feed, out _));

        var cutAt = Stopwatch.GetTimestamp();
        storeA.Cut();
        var heldB = await waitingB.WaitAsync(Deadline);
        var takeover = Stopwatch.GetElapsedTime(cutAt);

        // The clock says so at once; the Lost token fires on a timer of the same clock, which a busy machine may run late.
        Assert.False(a.Holds(_feed, out _));
        await Eventually.UntilAsync(() => heldA.Lost.IsCancellationRequested);
        Assert.True(heldB.Token > heldA.Token);
        Assert.True(takeover < _options.LeaseTtl + _options.AcquirePoll + TimeSpan.FromSeconds(1), $"took {takeover}");
        Assert.Equal("market-b", (await _store.ReadAsync(_feed, default)).Holder);
    }

    [Fact]
    public async Task A_holder_that_stops_releases_its_lease_and_removes_its_heartbeat()
    {
        var (a, _, stopA) = Start("market-a");
        await a.WaitForAsync(_feed, default).WaitAsync(Deadline);
        var (b, _, _) = Start("market-b");
        var waitingB = b.WaitForAsync(_feed, default);
        await Eventually.UntilAsync(async () => (await _directory.ListAsync(default)).Count == 2);

        await stopA();

        var state = await _store.ReadAsync(_feed, default);
        Assert.NotEqual("market-a", state.Holder);
        Assert.DoesNotContain(await _directory.ListAsync(default), i => i.Id == "market-a");
        Assert.True((await waitingB.WaitAsync(Deadline)).Token > 0);
        Assert.True(a.LeaseChanges >= 2);
    }

    [Fact]
    public async Task Dropping_a_lease_after_a_fenced_write_stops_the_work_and_the_lease_is_competed_for_again_above_the_fence()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var (a, _, _) = Start("market-a", logger: loggers.CreateLogger<ClusterCoordinator>());
        var held = await a.WaitForAsync(_feed, default).WaitAsync(Deadline);

        a.RaiseFloor(_feed, 500);
        a.RaiseFloor(_feed, 400);
        a.Drop(_feed, "write refused by fence 500");

        Assert.True(held.Lost.IsCancellationRequested);
        var again = await WaitForNewGrant(a, held.Token);
        Assert.True(again > 500, $"token {again}");
        var raised = Assert.Single(logs.Entries, e => e.EventId.Id == 3044);
        Assert.Contains(FormattableString.Invariant($"granted token {held.Token} but a fence of 500"), raised.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_writing_no_feed_leaves_a_free_feed_to_the_one_writing_another_so_one_instance_writes_both()
    {
        var other = LeaseName.Feed("json");
        var (a, _, _) = Start("market-a", configure: LongYield);
        await a.WaitForAsync(_feed, default).WaitAsync(Deadline);
        var (b, _, _) = Start("market-b", configure: LongYield);
        var waitingB = b.WaitForAsync(_feed, default);
        var otherB = b.WaitForAsync(other, default);
        await Eventually.UntilAsync(() => b.Wanted.Count == 2, "market-b competes for both feeds");

        var otherA = await a.WaitForAsync(other, default).WaitAsync(Deadline);

        Assert.True(a.Holds(_feed, out _));
        Assert.False(otherB.IsCompleted || waitingB.IsCompleted);
        Assert.Equal("market-a", (await _store.ReadAsync(other, default)).Holder);
        Assert.True(otherA.Token > 0);
    }

    [Fact]
    public async Task A_free_feed_the_writer_of_another_does_not_want_is_taken_after_the_yield()
    {
        var other = LeaseName.Feed("json");
        var (a, _, _) = Start("market-a");
        await a.WaitForAsync(_feed, default).WaitAsync(Deadline);
        var (b, _, _) = Start("market-b");
        _ = b.WaitForAsync(_feed, default);

        var otherB = await b.WaitForAsync(other, default).WaitAsync(Deadline);

        Assert.Equal("market-b", (await _store.ReadAsync(other, default)).Holder);
        Assert.True(otherB.Token > 0);
        Assert.True(a.Holds(_feed, out _));
    }

    [Fact]
    public async Task A_lease_released_for_good_is_free_at_once_no_longer_competed_for_and_can_be_wanted_again()
    {
        var job = LeaseName.Job("ledger_restore");
        var (a, _, _) = Start("market-a");
        var held = await a.WaitForAsync(job, default).WaitAsync(Deadline);

        await a.ReleaseAsync(job, default);

        Assert.True(held.Lost.IsCancellationRequested);
        Assert.False(a.Holds(job, out _));
        Assert.Null((await _store.ReadAsync(job, default)).Holder);
        Assert.DoesNotContain(job, a.Wanted);

        // Another instance takes it; the first, no longer competing, does not take it back when that one stops.
        var (b, _, stopB) = Start("market-b");
        var heldB = await b.WaitForAsync(job, default).WaitAsync(Deadline);
        Assert.True(heldB.Token > held.Token);
        await stopB();
        Assert.DoesNotContain(job, a.Wanted);
        Assert.False(a.Holds(job, out _));

        // Wanted again: competed for again.
        var again = await a.WaitForAsync(job, default).WaitAsync(Deadline);
        Assert.True(again.Token > heldB.Token);
    }

    [Fact]
    public async Task The_heartbeat_describes_the_leases_held()
    {
        var (a, _, _) = Start("market-a");
        await a.WaitForAsync(_feed, default).WaitAsync(Deadline);
        await a.WaitForAsync(LeaseName.Partition(3), default).WaitAsync(Deadline);

        await Eventually.UntilAsync(async () => (await _directory.ListAsync(default)).SingleOrDefault()?.Leases.Count == 2);

        var self = Assert.Single(await _directory.ListAsync(default));
        Assert.Equal("market-a", self.Id);
        Assert.Equal(ClusterMode.Leased, self.Mode);
        Assert.Equal(["binary"], self.FeedsConnected);
        Assert.Equal([3], self.Partitions);
    }

    [Fact]
    public async Task The_heartbeat_says_provider_connected_while_the_instances_own_link_is_connected()
    {
        var link = new ProviderLinkState();
        var (a, _, _) = Start("market-a", link);
        var (b, _, _) = Start("market-b");
        await Eventually.UntilAsync(async () => (await _directory.ListAsync(default)).Count == 2);
        Assert.All(await _directory.ListAsync(default), i => Assert.False(i.ProviderConnected));

        link.ProviderConnected = true;
        await Eventually.UntilAsync(async () => (await _directory.ListAsync(default)).SingleOrDefault(i => i.Id == "market-a")?.ProviderConnected == true, "a's heartbeat says connected");
        Assert.True(a.Self.ProviderConnected);
        Assert.False(b.Self.ProviderConnected);
        Assert.DoesNotContain(await _directory.ListAsync(default), i => i.Id == "market-b" && i.ProviderConnected);

        link.ProviderConnected = false;
        await Eventually.UntilAsync(async () => (await _directory.ListAsync(default)).SingleOrDefault(i => i.Id == "market-a")?.ProviderConnected == false, "a's heartbeat says disconnected");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }
    }

    // A yield far longer than the test needs, so a loaded machine cannot end it before the writer of the other feed asks.
    private static void LongYield(ClusterOptions options) => options.LeaseTtl = TimeSpan.FromSeconds(20);

    private (ClusterCoordinator Coordinator, CuttableLeaseStore Store, Func<Task> Stop) Start(
        string id, IProviderConnectionState? provider = null, ILogger<ClusterCoordinator>? logger = null, Action<ClusterOptions>? configure = null)
    {
        var options = QuickLeases.Options(id);
        configure?.Invoke(options);
        var store = new CuttableLeaseStore(_store);
        var coordinator = new ClusterCoordinator(store, _directory, Options.Create(options), TimeProvider.System, logger, provider: provider);
        var stop = new CancellationTokenSource();
        var run = coordinator.RunAsync(stop.Token);
        _running.Add((stop, run));
        return (coordinator, store, StopAsync);

        async Task StopAsync()
        {
            await stop.CancelAsync();
            await run.WaitAsync(Deadline);
        }
    }

    private async Task<long> WaitForNewGrant(ClusterCoordinator coordinator, long oldToken)
    {
        var held = await Eventually.ValueAsync(
            () => coordinator.WaitForAsync(_feed, default).WaitAsync(Deadline),
            h => h.Token != oldToken,
            "a new grant of the lease");
        return held.Token;
    }

    private sealed class ProviderLinkState : IProviderConnectionState
    {
        private volatile bool _connected;

        public bool ProviderConnected
        {
            get => _connected;
            set => _connected = value;
        }
    }
}
