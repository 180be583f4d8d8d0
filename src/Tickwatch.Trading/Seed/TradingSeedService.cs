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
/// In a leased cluster the restore and the seed run once for the cluster, under the <see cref="ClusterJobs.LedgerRestore"/>
/// lease, and the instance that finishes them marks <c>cluster:seed_done</c> (<see cref="IClusterSeedMark"/>); an instance
/// that finds the mark does neither. Until the mark is set the holder restores whatever the store lacks, empty or not
/// (<see cref="ITradingStateRestore.RestoreMissingAsync"/>), so a restore stopped half way by a killed holder is finished by
/// the next one instead of taken for a store that needs none. The others wait for the mark, not for the lease: a lease
/// given up or lost says nothing about the work.
/// </para>
/// </remarks>
public sealed partial class TradingSeedService(
    ITradingStore store,
    IOptions<TradingOptions> options,
    TimeProvider time,
    ILogger<TradingSeedService> logger,
    ITradingStateRestore? restore = null,
    ILeaseHolder? leases = null,
    IClusterSeedMark? seedMark = null) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>How often an instance waiting for the restore lease reads the seed mark again.</summary>
    public static readonly TimeSpan MarkPoll = TimeSpan.FromSeconds(1);

    /// <summary>True once the seed is in the store (or seeding is off).</summary>
    public bool Done { get; private set; }

    /// <summary>Why the last attempt failed, while it has not succeeded.</summary>
    public string? LastError { get; private set; }

    /// <summary>True when the store was restored from the ledger at start instead of given demo accounts.</summary>
    public bool Restored { get; private set; }

    /// <summary>In a leased cluster: true when this instance restored and seeded and set the mark; false when another did, or alone.</summary>
    public bool MarkedHere { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (leases is not { Mode: ClusterMode.Leased })
        {
            await RestoreAndSeedAsync(resume: false, stoppingToken).ConfigureAwait(false);
            return;
        }

        // A composition without a shared mark (instances of one process) keeps it in memory.
        var mark = seedMark ?? new InMemoryClusterSeedMark();
        var name = LeaseName.Job(ClusterJobs.LedgerRestore);
        while (!Done && !stoppingToken.IsCancellationRequested)
        {
            if (await MarkedAsync(mark, stoppingToken).ConfigureAwait(false))
            {
                break;
            }

            // The lease is waited for a while at a time, so a mark set by the holder meanwhile is seen.
            HeldLease held;
            using (var poll = new CancellationTokenSource(MarkPoll, time))
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, poll.Token))
            {
                try
                {
                    held = await leases.WaitForAsync(name, waiting.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (poll.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    continue;
                }
            }

            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, held.Lost);
            try
            {
                // Finished by the holder before this one took the lease over.
                if (!await MarkedAsync(mark, run.Token).ConfigureAwait(false))
                {
                    await RestoreAndSeedAsync(resume: true, run.Token).ConfigureAwait(false);
                    await MarkAsync(mark, run.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (held.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                // Lost half way, before the mark: whoever holds the lease next restores and seeds again (both are safe to repeat).
                Done = false;
                continue;
            }

        }

        // Done for the cluster, here or elsewhere: released, not dropped, so that this instance neither holds it for
        // nothing nor competes for it again (a no-op when it never asked for it).
        if (Done && !stoppingToken.IsCancellationRequested)
        {
            await leases.ReleaseAsync(name, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>True (and done) when the mark is set; a mark that cannot be read is tried again.</summary>
    private async Task<bool> MarkedAsync(IClusterSeedMark mark, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if (await mark.ReadAsync(ct).ConfigureAwait(false) is not { } doneBy)
                {
                    return false;
                }

                (Done, LastError) = (true, null);
                SeedDoneElsewhere(logger, doneBy);
                return true;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not OperationCanceledException)
            {
                LastError = e.Message;
                MarkUnread(logger, e.Message, RetryDelay.TotalSeconds);
            }

            await Task.Delay(RetryDelay, time, ct).ConfigureAwait(false);
        }
    }

    // Only after the restore and the seed have both run to their end: an instance that dies before this leaves the work to the next holder.
    private async Task MarkAsync(IClusterSeedMark mark, CancellationToken ct)
    {
        var doneBy = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{leases!.InstanceId}|{time.GetUtcNow():O}|{(Restored ? "restored" : "seeded")}");
        while (true)
        {
            try
            {
                await mark.MarkAsync(doneBy, ct).ConfigureAwait(false);
                (MarkedHere, LastError) = (true, null);
                SeedDoneMarked(logger, doneBy);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not OperationCanceledException)
            {
                LastError = e.Message;
                MarkUnread(logger, e.Message, RetryDelay.TotalSeconds);
            }

            await Task.Delay(RetryDelay, time, ct).ConfigureAwait(false);
        }
    }

    private async Task RestoreAndSeedAsync(bool resume, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        Restored = restore is not null && await RestoreAsync(restore, resume, stoppingToken).ConfigureAwait(false);
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
    private async Task<bool> RestoreAsync(ITradingStateRestore restorer, bool resume, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var restored = resume
                    ? await restorer.RestoreMissingAsync(stoppingToken).ConfigureAwait(false)
                    : await restorer.RestoreIfEmptyAsync(stoppingToken).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "Trading restore and seed already done for the cluster ({DoneBy}): not run here")]
    private static partial void SeedDoneElsewhere(ILogger logger, string doneBy);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Information, Message = "Trading restore and seed done for the cluster: cluster:seed_done set ({DoneBy})")]
    private static partial void SeedDoneMarked(ILogger logger, string doneBy);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Warning, Message = "cluster:seed_done not read or not written: {Error}; trying again in {Seconds} s")]
    private static partial void MarkUnread(ILogger logger, string error, double seconds);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Trading state not restored from the ledger at start: {Error}; trying again in {Seconds} s")]
    private static partial void NotRestored(ILogger logger, string error, double seconds);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Trading seed {Origin} applied: {Terms} group terms written, {Accounts} demo accounts created")]
    private static partial void Seeded(ILogger logger, string origin, int terms, int accounts);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Trading seed {Origin} not applied: {Error}; trying again in {Seconds} s")]
    private static partial void NotSeeded(ILogger logger, string origin, string error, double seconds);
}
