using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// Compares hot state with the ledger for every account: balance, configuration, open positions (id, symbol, side,
/// volume, open price, stops), pending orders (id, type, price, volume), the provider request outstanding on either, the part of a provider order still
/// working after partial fills, and
/// the revision against the ledger position.
/// </summary>
/// <remarks>
/// <para>
/// <b>Behind is not drift.</b> An account is compared only when the store holds it at exactly the ledger's position
/// with an empty outbox: then the ledger has every change the store has. Per account the ledger is read first and the
/// store after, so a change committed in between shows as a revision above the ledger's (behind, counted and skipped),
/// never as a false drift. A store revision below the ledger's means the store lost acknowledged changes (a failover,
/// a flush): that is drift. An account on one side only is drift, unless its outbox still holds its first changes.
/// </para>
/// <para>
/// Runs one at a time (a periodic run and one on demand share the result), a few accounts at a time
/// (<see cref="LedgerOptions.ReconcileParallelism"/>), reading only: trading never waits on it.
/// </para>
/// </remarks>
public sealed class LedgerReconciliation(
    ILedgerStore ledger,
    ITradingStore store,
    ITradingOutbox outbox,
    IOptions<LedgerOptions> options,
    TimeProvider time,
    ILogger<LedgerReconciliation> logger) : IDisposable
{
    /// <summary>Drifting accounts listed in a result (all are counted).</summary>
    public const int DriftsListed = 50;

    /// <summary>Differences listed per drifting account.</summary>
    public const int DifferencesListed = 10;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Lock _lock = new();
    private LedgerReconciliationReport _report = new(null, 0, 0, null, null);

    /// <summary>The last completed run and the failures since.</summary>
    public LedgerReconciliationReport Report()
    {
        lock (_lock)
        {
            return _report;
        }
    }

    /// <summary>Reconciles every account now (after a run under way, if one is).</summary>
    /// <exception cref="Exception">The ledger or the store failed; counted and kept as the report's last error.</exception>
    public async Task<LedgerReconciliationResult> RunAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var at = time.GetUtcNow();
            var started = time.GetTimestamp();
            try
            {
                var result = await CompareAllAsync(at, started, cancellationToken).ConfigureAwait(false);
                lock (_lock)
                {
                    _report = new LedgerReconciliationReport(result, _report.Runs + 1, _report.Failures, null, null);
                }

                Log(result);
                return result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _report = _report with { Failures = _report.Failures + 1, LastError = ex.Message, LastFailedAt = time.GetUtcNow() };
                }

                LedgerReconciliationLog.Failed(logger, ex, ex.Message);
                throw;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    /// <summary>
    /// What differs between the store's copy of an account and the ledger's, compared at one revision; empty when they agree.
    /// </summary>
    public static IReadOnlyList<string> Differences(LedgerAccount recorded, IReadOnlyList<Order> recordedOrders, AccountState held)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(recordedOrders);
        ArgumentNullException.ThrowIfNull(held);
        var differences = new List<string>();
        if (held.Account.WalletBalance != recorded.Balance)
        {
            differences.Add(Invariant($"balance: store {held.Account.WalletBalance}, ledger {recorded.Balance}"));
        }

        if (recorded.Configuration is { } configuration && configuration with { WalletBalance = held.Account.WalletBalance } != held.Account)
        {
            differences.Add("configuration: store and ledger differ (leverage, group, route, status, levels, currency or email)");
        }

        var ledgerOrders = recordedOrders.ToDictionary(o => o.Id, StringComparer.Ordinal);
        foreach (var order in held.ActiveOrders)
        {
            if (!ledgerOrders.Remove(order.Id, out var theirs))
            {
                differences.Add($"{Kind(order)} {order.Id}: in the store, not active in the ledger");
            }
            else if (Describe(order) is var mine && Describe(theirs) is var recordedText && mine != recordedText)
            {
                differences.Add($"{Kind(order)} {order.Id}: store {mine}, ledger {recordedText}");
            }
        }

        differences.AddRange(ledgerOrders.Values.OrderBy(o => o.Id, StringComparer.Ordinal).Select(o => $"{Kind(o)} {o.Id}: active in the ledger, not in the store"));
        return differences;
    }

    private static string Kind(Order order) => order.OpenPrice is null ? "pending order" : "position";

    // The provider request is compared too: a restore brings it back from the ledger, and the link re-sends what the store holds.
    private static string Describe(Order order) => (order.OpenPrice is null
        ? Invariant($"{TradingWire.Of(order.Type)} {order.Symbol} {order.Volume} at {order.PendingPrice} sl {order.StopLoss} tp {order.TakeProfit}")
        : Invariant($"{TradingWire.Of(order.Side)} {order.Symbol} {order.Volume} opened {order.OpenPrice} sl {order.StopLoss} tp {order.TakeProfit}"))
        + (order.WorkingVolume is { } working ? Invariant($" working {working}") : string.Empty)
        + (order.ProviderRequest is { } request ? " provider request " + request.Write() : string.Empty);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private async Task<LedgerReconciliationResult> CompareAllAsync(DateTimeOffset at, long started, CancellationToken cancellationToken)
    {
        var ids = new HashSet<AccountId>((await ledger.ReadAccountsAsync(cancellationToken).ConfigureAwait(false)).Select(a => a.Id));
        ids.UnionWith(await store.ListAccountsAsync(cancellationToken).ConfigureAwait(false));
        var drifts = new ConcurrentBag<AccountDrift>();
        int agreeing = 0, behind = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.ReconcileParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ids, parallel, async (id, token) =>
        {
            var differences = await CompareAsync(id, token).ConfigureAwait(false);
            if (differences is null)
            {
                Interlocked.Increment(ref behind);
            }
            else if (differences.Count == 0)
            {
                Interlocked.Increment(ref agreeing);
            }
            else
            {
                drifts.Add(new AccountDrift(id.ToString(), [.. differences.Take(DifferencesListed)]));
            }
        }).ConfigureAwait(false);

        var listed = drifts.OrderBy(d => d.Account, StringComparer.Ordinal).Take(DriftsListed).ToList();
        var elapsed = Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1);
        return new LedgerReconciliationResult(at, elapsed, ids.Count, agreeing, drifts.Count, behind, listed);
    }

    /// <summary>The account's differences; null when it is behind (not comparable yet).</summary>
    private async Task<IReadOnlyList<string>?> CompareAsync(AccountId id, CancellationToken cancellationToken)
    {
        // The ledger first, the store after: a change in between reads as behind, never as drift (see the remarks).
        var recorded = await ledger.ReadAccountAsync(id, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Order> recordedOrders = recorded is null
            ? []
            : [
                .. await ledger.ReadOpenPositionsAsync(id, cancellationToken).ConfigureAwait(false),
                .. await ledger.ReadPendingOrdersAsync(id, cancellationToken).ConfigureAwait(false),
            ];
        var page = await outbox.ReadOutboxAsync(id, 1, cancellationToken).ConfigureAwait(false);
        var held = await store.ReadAccountAsync(id, cancellationToken).ConfigureAwait(false);
        var ledgerRevision = recorded?.Position?.Revision ?? 0;
        if (held is null)
        {
            return recorded is null ? null : [Invariant($"account: in the ledger (revision {ledgerRevision}), not in the store")];
        }

        if (page.Depth > 0 || held.Revision > ledgerRevision || page.Revision != held.Revision)
        {
            if (recorded is null && page.Depth == 0)
            {
                return [Invariant($"account: in the store (revision {held.Revision}) with an empty outbox, not in the ledger")];
            }

            return null;
        }

        if (held.Revision < ledgerRevision)
        {
            return [Invariant($"revision: store {held.Revision} below the ledger's {ledgerRevision} (changes the ledger has were lost from the store)")];
        }

        return Differences(recorded!, recordedOrders, held);
    }

    private void Log(LedgerReconciliationResult result)
    {
        if (result.Drifting > 0)
        {
            if (logger.IsEnabled(LogLevel.Error))
            {
                var first = string.Join("; ", result.Drifts.Take(5).Select(d => d.Account + ": " + string.Join(", ", d.Differences.Take(3))));
                LedgerReconciliationLog.Drift(logger, result.Drifting, result.Checked, result.Behind, first);
            }
        }
        else
        {
            LedgerReconciliationLog.Agreed(logger, result.Checked, result.InAgreement, result.Behind, result.ElapsedMs);
        }
    }
}
