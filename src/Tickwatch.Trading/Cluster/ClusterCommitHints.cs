using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Trading.Cluster;

/// <summary>
/// Tells the owner of an account that an order was committed on it here: each commit on an account this instance does
/// not own is published on <c>portfolio_force_recalc</c>, which the owner's <see cref="PortfolioCalculator"/> hears, so it
/// reads the account again and revalues it (its own observers hear only its own engine).
/// </summary>
/// <remarks>
/// Batched without a timer: accounts committed while a publish is in flight go out together in the next one, so a burst
/// costs a few publishes and a lone commit is published at once. A failed publish is tried again after
/// <see cref="RetryDelay"/> with what came meanwhile; the accounts are kept, not lost. Only in a leased cluster: alone,
/// every account is owned here and nothing is published.
/// </remarks>
public sealed class ClusterCommitHints(IPartitionOwnership ownership, IPortfolioStore portfolios, TimeProvider time, ILogger<ClusterCommitHints> logger)
    : IOrderObserver, ISupervisedService
{
    /// <summary>The wait after a failed publish.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<AccountId> _accounts = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _published;
    private long _publishes;
    private long _failures;
    private int _publishing;

    public string Name => "cluster_commit_hints";

    public string DisplayName => "Cluster commit hints";

    /// <summary>Accounts published (one per account per batch).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Publishes made (batches).</summary>
    public long Publishes => Interlocked.Read(ref _publishes);

    /// <summary>Publishes that failed (tried again).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>True when nothing waits to be published and no publish is in flight.</summary>
    public bool IsIdle => _accounts.IsEmpty && Volatile.Read(ref _publishing) == 0;

    public void OnOrdersCommitted(AccountId account, IReadOnlyList<Order> orders)
    {
        if (ownership.Owns(account))
        {
            return;
        }

        _accounts.Enqueue(account);
        _wake.Writer.TryWrite(true);
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var batch = new HashSet<AccountId>();
        while (await _wake.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            Volatile.Write(ref _publishing, 1);
            try
            {
                while (_accounts.TryDequeue(out var account))
                {
                    batch.Add(account);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                try
                {
                    await portfolios.RequestRecalcAsync(batch, stoppingToken).ConfigureAwait(false);
                    Interlocked.Add(ref _published, batch.Count);
                    Interlocked.Increment(ref _publishes);
                    batch.Clear();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OperationCanceledException)
                {
                    // Kept in the batch: the next publish carries them with what came meanwhile.
                    Interlocked.Increment(ref _failures);
                    ClusterTradingLog.CommitHintFailed(logger, batch.Count, ex.Message);
                    await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
                    _wake.Writer.TryWrite(true);
                }
            }
            finally
            {
                Volatile.Write(ref _publishing, batch.Count == 0 ? 0 : 1);
            }
        }
    }
}
