namespace Tickwatch.TradingHarness;

/// <summary>Where the market process keeps its ledger during the run (<c>--ledger</c>).</summary>
internal enum LedgerKind
{
    /// <summary>No ledger, no writer.</summary>
    Off,

    /// <summary>A SQLite file of the run's own, in a temporary folder.</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>--ledger-connection</c> (e.g. <c>scripts/postgres.sh url</c>).</summary>
    PostgreSql,
}
