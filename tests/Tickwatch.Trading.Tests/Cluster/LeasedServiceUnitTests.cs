using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;
using Tickwatch.Testing;
using Tickwatch.Trading.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Tests.Cluster;

/// <summary>A job runs only while its lease is held: not before, stopped when the lease is lost, run again when it comes back; alone (single mode) at once.</summary>
public sealed class LeasedServiceUnitTests
{
    private static readonly LeaseName Provider = LeaseName.Job(ClusterJobs.Provider);

    [Fact]
    public async Task The_job_runs_only_while_the_lease_is_held_and_again_when_it_comes_back()
    {
        var leases = new FakeLeaseHolder();
        var inner = new CountingService();
        var service = new LeasedService(inner, ClusterJobs.Provider, leases, NullLogger<LeasedService>.Instance);
        using var stop = new CancellationTokenSource();

        var run = service.RunAsync(stop.Token);
        await Eventually.UntilAsync(() => leases.Waiting(Provider) == 1, "the service waits for the lease");
        Assert.Equal(0, inner.Runs);
        Assert.False(service.Holding);

        leases.Grant(Provider);
        await Eventually.UntilAsync(() => inner.Running, "the job runs under the lease");
        Assert.True(service.Holding);

        leases.Revoke(Provider);
        await Eventually.UntilAsync(() => !inner.Running && leases.Waiting(Provider) == 1, "the job stopped and the service waits again");
        Assert.Equal(1, inner.Runs);
        Assert.False(run.IsCompleted);

        leases.Grant(Provider);
        await Eventually.UntilAsync(() => inner.Running && inner.Runs == 2, "the job runs again under the new lease");

        // A stop reaches the job as it would unwrapped: its cancellation comes back to the supervisor.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(inner.Running);
        Assert.Equal(2, inner.Runs);
    }

    [Fact]
    public async Task Alone_the_job_runs_at_once_under_its_own_name_and_a_finished_job_is_not_started_again()
    {
        var inner = new CountingService { FinishAfterStart = true };
        var service = new LeasedService(inner, ClusterJobs.LedgerReconcile, new SingleLeaseHolder("alone"), NullLogger<LeasedService>.Instance);

        await service.RunAsync(default).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1, inner.Runs);
        Assert.Equal((inner.Name, inner.DisplayName), (service.Name, service.DisplayName));
        Assert.Equal("job:ledger_reconcile", service.Lease.ToString());
    }

    [Fact]
    public async Task A_fault_of_the_job_reaches_the_supervisor()
    {
        var leases = new FakeLeaseHolder();
        leases.Grant(Provider);
        var service = new LeasedService(new CountingService { Fault = new InvalidOperationException("link broke") }, ClusterJobs.Provider, leases, NullLogger<LeasedService>.Instance);

        var fault = await Assert.ThrowsAsync<InvalidOperationException>(() => service.RunAsync(default));

        Assert.Equal("link broke", fault.Message);
    }

    [Fact]
    public async Task In_a_cluster_the_seed_waits_for_the_restore_lease_and_gives_it_up_once_done()
    {
        var leases = new FakeLeaseHolder();
        var store = new InMemoryTradingStore();
        using var seed = new TradingSeedService(store, Options.Create(new TradingOptions()), TimeProvider.System, NullLogger<TradingSeedService>.Instance, leases: leases);
        var restore = LeaseName.Job(ClusterJobs.LedgerRestore);

        await seed.StartAsync(default);
        await Eventually.UntilAsync(() => leases.Waiting(restore) == 1, "the seed waits for the restore lease");
        Assert.Empty(await store.ListAccountsAsync(default));
        Assert.False(seed.Done);

        leases.Grant(restore);
        await Eventually.UntilAsync(() => seed.Done && leases.Released.Count == 1, "the seed ran and gave the lease up");

        Assert.NotNull(await store.ReadAccountAsync(AccountId.Parse("demo:1"), default));
        Assert.Equal(restore, leases.Released[0]);
        Assert.False(leases.Holds(restore, out _));
        await seed.StopAsync(default);
    }

    private sealed class CountingService : ISupervisedService
    {
        private int _runs;
        private int _running;

        public bool FinishAfterStart { get; init; }

        public Exception? Fault { get; init; }

        public int Runs => Volatile.Read(ref _runs);

        public bool Running => Volatile.Read(ref _running) == 1;

        public string Name => "provider_connection_manager";

        public string DisplayName => "Provider connection manager";

        public async Task RunAsync(CancellationToken stoppingToken)
        {
            Interlocked.Increment(ref _runs);
            if (Fault is not null)
            {
                throw Fault;
            }

            if (FinishAfterStart)
            {
                return;
            }

            Volatile.Write(ref _running, 1);
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }
    }
}
