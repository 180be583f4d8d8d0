namespace Tickwatch.Trading.Ledger;

/// <summary>The ledger writer as <c>/api/debug/ledger</c> shows it.</summary>
/// <param name="Database">The database, without secrets (<c>SQLite /path</c>, <c>PostgreSQL host:port/db</c>).</param>
/// <param name="SchemaVersion">The schema version after the start's migration; 0 before it.</param>
/// <param name="State">Where the writer is.</param>
/// <param name="Lag">Age of the oldest outbox entry not in the ledger yet; zero when drained.</param>
/// <param name="OutboxDepth">Entries waiting in the outboxes the writer has looked at.</param>
/// <param name="PendingAccounts">Accounts with entries waiting.</param>
/// <param name="Written">Events written since start.</param>
/// <param name="Duplicates">Entries found in the ledger already (after a restart between a write and its trim).</param>
/// <param name="Failures">Passes that failed.</param>
/// <param name="Poison">Entries the writer holds their accounts at.</param>
/// <param name="PoisonSeen">Poison entries met since start.</param>
/// <param name="LastError">The last failure or refusal, if any.</param>
/// <param name="LastPassAt">When the last pass ended.</param>
public sealed record LedgerWriterReport(
    string Database,
    int SchemaVersion,
    LedgerWriterState State,
    TimeSpan Lag,
    long OutboxDepth,
    int PendingAccounts,
    long Written,
    long Duplicates,
    long Failures,
    IReadOnlyList<LedgerPoisonEntry> Poison,
    long PoisonSeen,
    string? LastError,
    DateTimeOffset? LastPassAt);
