using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Storage.Cluster;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Seed;

/// <summary>
/// Puts the seed into the trading store once at start; a store that is down is retried until it answers. A one-off job,
/// not one of the background services the guide's start-up lines count.
/// </summary>
/// <remarks>
/// With a ledger, the <see cref="ITradingStateRestore"/> goes first: a store that starts empty while the ledger holds
/// accounts gets them back at their ledger revisions, and the seed then writes its group terms only (demo accounts made
/// again at revision 1 would be taken by the ledger writer as duplicates of what it holds).
/// <para>
/// In a cluster the restore and the seed run under the <see cref="ClusterJobs.LedgerRestore"/> lease, one instance after
/// another: the first restores an empty store, and the others, each in turn, find it holding accounts and only write the
/// group terms (an existing account is left as it is). The lease is given up when the work is done.
/// </para>
/// </remarks>
public sealed partial class TradingSeedService(
    ITradingStore store,
    IOptions<TradingOptions> options,
    TimeProvider time,
    ILogger<TradingSeedService> logger,
    ITradingStateRestore? restore = null,
    ILeaseHolder? leases = null) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>True once the seed is in the store (or seeding is off).</summary>
    public bool Done { get; private set; }

    /// <summary>Why the last attempt failed, while it has not succeeded.</summary>
    public string? LastError { get; private set; }

    /// <summary>True when the store was restored from the ledger at start instead of given demo accounts.</summary>
    public bool Restored { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (leases is not { Mode: ClusterMode.Leased })
        {
            await RestoreAndSeedAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        var name = LeaseName.Job(ClusterJobs.LedgerRestore);
        while (!Done && !stoppingToken.IsCancellationRequested)
        {
            var held = await leases.WaitForAsync(name, stoppingToken).ConfigureAwait(false);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, held.Lost);
            try
            {
                await RestoreAndSeedAsync(run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (held.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                // Lost half way: wait for the lease again and start over (restore and seed are safe to run again).
                continue;
            }

            if (Done)
            {
                leases.Drop(name, "restore and seed done");
            }
        }
    }

    private async Task RestoreAndSeedAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        Restored = restore is not null && await RestoreAsync(restore, stoppingToken).ConfigureAwait(false);
        if (!settings.SeedOnStart)
        {
            Done = true;
            return;
        }

        var (seed, origin) = settings.SeedFile is { Length: > 0 } path
            ? (TradingSeed.Parse(await File.ReadAllTextAsync(path, stoppingToken).ConfigureAwait(false), path), path)
            : (TradingSeed.Embedded(), TradingSeed.EmbeddedName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (terms, accounts) = await TradingSeeder.ApplyAsync(Restored ? seed with { Accounts = [] } : seed, store, stoppingToken, settings.SeedDevelopmentAccounts).ConfigureAwait(false);
                (Done, LastError) = (true, null);
                Seeded(logger, origin, terms, accounts);
                return;
            }
            catch (TradingStoreException e)
            {
                LastError = e.Message;
                NotSeeded(logger, origin, e.Message, RetryDelay.TotalSeconds);
            }

            await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    // The store or the ledger down is waited for: seeding an empty store over a ledger that holds accounts is the worse failure.
    private async Task<bool> RestoreAsync(ITradingStateRestore restorer, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var restored = await restorer.RestoreIfEmptyAsync(stoppingToken).ConfigureAwait(false);
                LastError = null;
                return restored;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                LastError = e.Message;
                NotRestored(logger, e.Message, RetryDelay.TotalSeconds);
            }

            await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Trading state not restored from the ledger at start: {Error}; trying again in {Seconds} s")]
    private static partial void NotRestored(ILogger logger, string error, double seconds);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Trading seed {Origin} applied: {Terms} group terms written, {Accounts} demo accounts created")]
    private static partial void Seeded(ILogger logger, string origin, int terms, int accounts);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Trading seed {Origin} not applied: {Error}; trying again in {Seconds} s")]
    private static partial void NotSeeded(ILogger logger, string origin, string error, double seconds);
}
