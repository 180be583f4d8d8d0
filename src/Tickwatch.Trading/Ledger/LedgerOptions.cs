using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Trading.Ledger;

/// <summary>The <c>Ledger</c> section: which database holds the books of record, and how the writer moves the outbox to it.</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>The <see cref="Provider"/> of the embedded file database.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The <see cref="Provider"/> of production.</summary>
    public const string PostgreSql = "postgresql";

    /// <summary>False: no ledger and no writer (the outbox then grows until one runs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>sqlite</c> (a file under the working folder, the default) or <c>postgresql</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The SQLite file; relative to the working folder, so a <c>tickwatch up</c> demo keeps its books across a restart.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(".tickwatch", "ledger.db");

    /// <summary>The PostgreSQL connection string: a secret, from the environment or configuration only, never logged or shown.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Outbox entries written in one transaction (a little more when one account's page ends it).</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Wait between passes when the outbox is drained.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often every listed account's outbox is looked at too, for a pending mark lost with a process.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First wait after a failed pass (the database or the store unreachable); doubled per failure in a row.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between failed passes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At start, when the trading store holds no account but the ledger does, put the ledger's accounts back instead of seeding demo ones.</summary>
    public bool RestoreOnStart { get; set; } = true;

    /// <summary>Accounts restored at a time (each a few ledger reads and one store step).</summary>
    [Range(1, 256)]
    public int RestoreParallelism { get; set; } = 16;

    /// <summary>How often hot state is reconciled with the ledger (also after each restore, and on demand).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Accounts compared at a time by a reconciliation, kept low so it never holds up trading.</summary>
    [Range(1, 64)]
    public int ReconcileParallelism { get; set; } = 4;
}
