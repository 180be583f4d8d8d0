namespace Tickwatch.Trading.Ledger;

/// <summary>Where the ledger writer is, for <c>/api/debug/ledger</c>.</summary>
public enum LedgerWriterState
{
    NotStarted,

    /// <summary>Migrating the schema before the first pass.</summary>
    Starting,

    Running,

    /// <summary>The last pass failed; waiting before the next (the outbox keeps everything meanwhile).</summary>
    BackingOff,

    /// <summary>The database is newer than this code: nothing is written.</summary>
    Refused,

    Stopped,
}
