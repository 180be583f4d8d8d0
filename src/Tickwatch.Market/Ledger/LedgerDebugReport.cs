using Tickwatch.Trading.Ledger;

namespace Tickwatch.Market.Ledger;

/// <summary>The answer of <c>GET /api/debug/ledger</c>: where the books of record are and how far behind the hot state they are.</summary>
/// <param name="Enabled">False when <c>Ledger:Enabled</c> is off (every other figure is then empty).</param>
/// <param name="Provider"><c>sqlite</c> or <c>postgresql</c>.</param>
/// <param name="Database">The database without secrets (the SQLite file, or PostgreSQL's host, port and database).</param>
/// <param name="SchemaVersion">The schema version after the start's migration; 0 before it.</param>
/// <param name="WriterState">not_started, starting, running, backing_off, refused or stopped.</param>
/// <param name="LagMs">Age of the oldest outbox entry not in the ledger yet, in milliseconds; 0 when drained.</param>
/// <param name="OutboxDepth">Entries waiting in the outboxes.</param>
/// <param name="PendingAccounts">Accounts with entries waiting.</param>
/// <param name="Written">Events written since start.</param>
/// <param name="Duplicates">Entries the ledger held already (after a restart between a write and its trim).</param>
/// <param name="Failures">Passes that failed (then retried with backoff).</param>
/// <param name="PoisonEntries">Entries the writer holds their accounts at, for an operator to mend.</param>
/// <param name="PoisonSeen">Poison entries met since start.</param>
/// <param name="LastError">The last failure or refusal.</param>
/// <param name="LastPassAt">When the writer's last pass ended.</param>
/// <remarks>
/// <see cref="Reconciliation"/> is hot state against the ledger: the last completed run (balances, positions, pending
/// orders of every account whose outbox is written), runs and failures since start, the last error.
/// </remarks>
public sealed record LedgerDebugReport(
    bool Enabled,
    string? Provider,
    string? Database,
    int SchemaVersion,
    LedgerWriterState WriterState,
    double LagMs,
    long OutboxDepth,
    int PendingAccounts,
    long Written,
    long Duplicates,
    long Failures,
    IReadOnlyList<LedgerPoisonEntry> PoisonEntries,
    long PoisonSeen,
    string? LastError,
    DateTimeOffset? LastPassAt)
{
    /// <summary>The reconciliation's last run; null when the ledger is off.</summary>
    public LedgerReconciliationReport? Reconciliation { get; init; }

    public static LedgerDebugReport Disabled { get; } = new(false, null, null, 0, LedgerWriterState.NotStarted, 0, 0, 0, 0, 0, 0, [], 0, null, null);

    public static LedgerDebugReport Of(string provider, LedgerWriterReport report, LedgerReconciliationReport? reconciliation = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(
            true,
            provider,
            report.Database,
            report.SchemaVersion,
            report.State,
            Math.Round(report.Lag.TotalMilliseconds, 1),
            report.OutboxDepth,
            report.PendingAccounts,
            report.Written,
            report.Duplicates,
            report.Failures,
            report.Poison,
            report.PoisonSeen,
            report.LastError,
            report.LastPassAt)
        {
            Reconciliation = reconciliation,
        };
    }
}
