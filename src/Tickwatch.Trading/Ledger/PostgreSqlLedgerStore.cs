using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Tickwatch.Trading.Ledger;

/// <summary>The ledger in PostgreSQL (production): money as <c>numeric</c>, times as <c>timestamptz</c>, one pooled data source.</summary>
public sealed class PostgreSqlLedgerStore : LedgerStore
{
    // pg_advisory_xact_lock's key for migrations: any fixed number that no other code of the database takes.
    private const long MigrationLock = 7600_14;

    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">An Npgsql connection string (<c>Host=...;Port=...;Username=...;Database=...</c>).</param>
    /// <param name="time">The clock of <c>applied_at</c> and <c>schema_version</c>.</param>
    /// <param name="logger">The ledger's log.</param>
    public PostgreSqlLedgerStore(string connectionString, TimeProvider time, ILogger<PostgreSqlLedgerStore>? logger = null)
        : base(LedgerSchema.PostgreSql, time, (ILogger?)logger ?? NullLogger.Instance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Database = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Database { get; }

    private protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version bigint PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)";

    private protected override string LockRowSql => " FOR UPDATE";

    private protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(" + MigrationLock + ")";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override object MoneyValue(decimal value) => value;

    private protected override decimal ReadMoney(DbDataReader reader, int ordinal) => reader.GetDecimal(ordinal);

    private protected override object TimeValue(DateTimeOffset value) => value;

    private protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private protected override ValueTask DisposeCoreAsync() => _dataSource.DisposeAsync();
}
