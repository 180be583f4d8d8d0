using Microsoft.Extensions.Logging;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Trading.Cluster;

/// <summary>
/// Runs a background service only while this instance holds a job lease: waits for the lease, runs the service until the
/// lease is lost, then waits again. The supervisor sees the inner service's name and display name.
/// </summary>
/// <remarks>
/// In single mode the lease is held at once and never lost, so the inner service runs exactly as it does unwrapped. A
/// lease can be held twice for a moment (a failover, a paused process): the jobs wrapped here stay correct then through
/// their own idempotency (the provider's <c>cl_ord_id</c> and report ids, the ledger's de-duplication); the lease only
/// keeps the work from being done everywhere all the time.
/// </remarks>
public sealed class LeasedService : ISupervisedService
{
    private readonly ISupervisedService _inner;
    private readonly ILeaseHolder _leases;
    private readonly ILogger _logger;
    private readonly string _leaseText;
    private long _token = -1;

    public LeasedService(ISupervisedService inner, string job, ILeaseHolder leases, ILogger<LeasedService> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _leases = leases;
        _logger = logger;
        Lease = LeaseName.Job(job);
        _leaseText = Lease.ToString();
    }

    /// <summary>The job lease the service runs under.</summary>
    public LeaseName Lease { get; }

    /// <summary>The service run while the lease is held.</summary>
    public ISupervisedService Inner => _inner;

    /// <summary>True while the inner service runs under the lease (false while waiting for it).</summary>
    public bool Holding => Interlocked.Read(ref _token) >= 0;

    public string Name => _inner.Name;

    public string DisplayName => _inner.DisplayName;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var held = await _leases.WaitForAsync(Lease, stoppingToken).ConfigureAwait(false);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, held.Lost);
            Interlocked.Exchange(ref _token, held.Token);
            if (_leases.Mode == ClusterMode.Leased)
            {
                ClusterTradingLog.JobStarted(_logger, _inner.Name, _leaseText, held.Token);
            }

            try
            {
                await _inner.RunAsync(run.Token).ConfigureAwait(false);
                if (!held.Lost.IsCancellationRequested)
                {
                    // The work is done (or the host stops): a finished job is not started again by another lease.
                    return;
                }
            }
            catch (OperationCanceledException) when (held.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                // The lease was lost: the run stopped with it, and the next holder takes the work over.
            }
            finally
            {
                Interlocked.Exchange(ref _token, -1);
            }

            if (!stoppingToken.IsCancellationRequested)
            {
                ClusterTradingLog.JobLost(_logger, _inner.Name, _leaseText, held.Token);
            }
        }
    }
}
