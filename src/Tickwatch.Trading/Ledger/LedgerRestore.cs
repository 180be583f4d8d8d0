using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Seed;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// Rebuilds the trading store from the ledger: every account's configuration, balance, open positions and pending orders,
/// at the account's ledger revision, then reconciles. <c>tickwatch trading restore</c> runs it, and the market service at
/// start when its store is empty and the ledger is not (before the seed, which then creates no demo accounts).
/// </summary>
/// <remarks>
/// <para>
/// <b>At the ledger's revision.</b> Each account is put back with <see cref="ITradingStoreRestore"/> at the revision of
/// its ledger position, with no outbox entry: its next commit is numbered above the position, so the writer takes it as
/// new, and nothing restored is written twice.
/// </para>
/// <para>
/// <b>Never over newer state.</b> An account the store holds at the ledger's revision or above is left alone and
/// reported; one held below it (the store lost changes) is replaced. A restore that stopped half way is run again safely.
/// </para>
/// <para>
/// <b>Triggers and portfolios.</b> The trigger service and the portfolio calculator read the store when they load; a
/// restore in their process also tells them of each restored account's orders as a commit would (<see cref="IOrderObserver"/>),
/// so the orders are armed and valued whichever comes first.
/// </para>
/// </remarks>
public sealed class LedgerRestore(
    ILedgerStore ledger,
    ITradingStore store,
    IOptions<LedgerOptions> options,
    TimeProvider time,
    ILogger<LedgerRestore> logger,
    LedgerReconciliation? reconciliation = null,
    IEnumerable<IOrderObserver>? observers = null) : ITradingStateRestore
{
    /// <summary>Accounts not restored that a report lists (all are counted).</summary>
    public const int Listed = 50;

    private readonly IOrderObserver[] _observers = observers?.ToArray() ?? [];

    public async Task<bool> RestoreIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RestoreOnStart)
        {
            LedgerRestoreLog.NotNeeded(logger, "Ledger:RestoreOnStart is off");
            return false;
        }

        if ((await store.ListAccountsAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            LedgerRestoreLog.NotNeeded(logger, "the trading store holds accounts");
            return false;
        }

        var accounts = await ledger.ReadAccountsAsync(cancellationToken).ConfigureAwait(false);
        if (accounts.Count == 0)
        {
            LedgerRestoreLog.NotNeeded(logger, "the ledger holds no account");
            return false;
        }

        var report = await RestoreAsync(accounts, "the trading store is empty and the ledger is not", cancellationToken).ConfigureAwait(false);
        return report.Restored > 0;
    }

    public async Task<bool> RestoreMissingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RestoreOnStart)
        {
            LedgerRestoreLog.NotNeeded(logger, "Ledger:RestoreOnStart is off");
            return false;
        }

        var accounts = await ledger.ReadAccountsAsync(cancellationToken).ConfigureAwait(false);
        if (accounts.Count == 0)
        {
            LedgerRestoreLog.NotNeeded(logger, "the ledger holds no account");
            return false;
        }

        var report = await RestoreAsync(accounts, "the cluster's restore is not marked done (cluster:seed_done)", cancellationToken).ConfigureAwait(false);
        return report.Restored + report.Skipped > 0;
    }

    /// <summary>Restores every account of the ledger that the store does not hold at the ledger's revision or above, then reconciles.</summary>
    public async Task<LedgerRestoreReport> RestoreAsync(CancellationToken cancellationToken)
    {
        var accounts = await ledger.ReadAccountsAsync(cancellationToken).ConfigureAwait(false);
        return await RestoreAsync(accounts, "asked for", cancellationToken).ConfigureAwait(false);
    }

    private async Task<LedgerRestoreReport> RestoreAsync(IReadOnlyList<LedgerAccount> accounts, string why, CancellationToken cancellationToken)
    {
        var target = store as ITradingStoreRestore
            ?? throw new InvalidOperationException($"The trading store ({store.GetType().Name}) cannot restore accounts.");
        var started = time.GetTimestamp();
        LedgerRestoreLog.Started(logger, accounts.Count, why);
        var notRestored = new ConcurrentBag<string>();
        int restored = 0, skipped = 0, unrestorable = 0, positions = 0, pending = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.RestoreParallelism, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(accounts, parallel, async (account, token) =>
            {
                if (account.Configuration is not { } configuration || account.Position is not { } position)
                {
                    Interlocked.Increment(ref unrestorable);
                    notRestored.Add($"{account.Id}: the ledger has no {(account.Configuration is null ? "configuration" : "position")} of it");
                    return;
                }

                var open = await ledger.ReadOpenPositionsAsync(account.Id, token).ConfigureAwait(false);
                var resting = await ledger.ReadPendingOrdersAsync(account.Id, token).ConfigureAwait(false);
                List<Order> orders = [.. open, .. resting];
                var state = new AccountState(configuration with { WalletBalance = account.Balance }, position.Revision, orders);
                var outcome = await target.RestoreAccountAsync(state, token).ConfigureAwait(false);
                if (!outcome.Restored)
                {
                    Interlocked.Increment(ref skipped);
                    notRestored.Add(string.Create(CultureInfo.InvariantCulture, $"{account.Id}: the store holds it at revision {outcome.RevisionBefore}, the ledger at {position.Revision}"));
                    return;
                }

                Interlocked.Increment(ref restored);
                Interlocked.Add(ref positions, open.Count);
                Interlocked.Add(ref pending, resting.Count);
                foreach (var observer in _observers)
                {
                    observer.OnOrdersCommitted(account.Id, orders);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LedgerRestoreLog.Failed(logger, ex, Volatile.Read(ref restored), ex.Message);
            throw;
        }

        var elapsed = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1);
        LedgerRestoreLog.Restored(logger, restored, positions, pending, skipped, unrestorable, elapsed);
        var listed = notRestored.Order(StringComparer.Ordinal).Take(Listed).ToList();
        if (listed.Count > 0 && logger.IsEnabled(LogLevel.Warning))
        {
            LedgerRestoreLog.NotRestored(logger, skipped + unrestorable, string.Join("; ", listed.Take(5)));
        }

        LedgerReconciliationResult? result = null;
        string? error = null;
        if (reconciliation is not null)
        {
            try
            {
                result = await reconciliation.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Logged and counted by the reconciliation; the restore itself is done.
                error = ex.Message;
            }
        }

        return new LedgerRestoreReport(accounts.Count, restored, skipped, unrestorable, positions, pending, elapsed, listed, result, error);
    }
}
