using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Tickwatch.Trading.Ledger;

/// <summary>The ledger in PostgreSQL (production): money as <c>numeric</c>, times as <c>timestamptz</c>, one pooled data source.</summary>
public sealed class PostgreSqlLedgerStore : LedgerStore
{
    // pg_advisory_xact_lock's key for migrations: any fixed number that no other code of the database takes.
    private const long MigrationLock = 7600_14;

    // Rows per round trip of a batch's write: large enough that a 500-event batch takes a few, small enough that neither side's buffers fill.
    private const int MaxBatchCommands = 1_000;

    // Statements kept prepared per connection when the connection string does not say: the write's nine and the reads'.
    private const int AutoPreparedStatements = 32;

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

        // A batch's write runs the same few statements hundreds of times: prepared once per connection, the server skips their parse and plan.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Database { get; }

    private protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version bigint PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)";

    private protected override string LockRowSql => " FOR UPDATE OF a";

    private protected override (string Sql, (string, object?)[] Parameters) KeysSql(IReadOnlyList<string> columns, IReadOnlyList<string[]> rows) =>
        ($"unnest({string.Join(", ", columns.Select((_, i) => "@keys" + i.ToString(CultureInfo.InvariantCulture)))}) AS keys({string.Join(", ", columns)})",
         [.. columns.Select((_, i) => ("keys" + i.ToString(CultureInfo.InvariantCulture), (object?)rows.Select(r => r[i]).ToArray()))]);

    // Plain inserts are copied in binary (one stream per table, no statement per row); the rest go in batches of MaxBatchCommands.
    private protected override async Task ExecuteRowsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerRows> statements, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var batch = new NpgsqlBatch(npgsql, (NpgsqlTransaction)transaction);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var statement in statements)
            {
                if (statement.Table is { } table)
                {
                    await RunAsync(batch, cancellationToken).ConfigureAwait(false);
                    await CopyAsync(npgsql, table, statement, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var row in statement.Rows)
                {
                    var command = new NpgsqlBatchCommand(statement.Sql);
                    for (var i = 0; i < row.Length; i++)
                    {
                        command.Parameters.Add(new NpgsqlParameter(statement.Names[i], DbValue(row[i])));
                    }

                    batch.BatchCommands.Add(command);
                    if (batch.BatchCommands.Count == MaxBatchCommands)
                    {
                        await RunAsync(batch, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await RunAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task RunAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            batch.BatchCommands.Clear();
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, LedgerRows statement, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", statement.Names)}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var row in statement.Rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                foreach (var value in row)
                {
                    // Binary COPY has no inference on the server: each value is written as its column's type (the schema's bigint, numeric, text, timestamptz).
                    var write = value switch
                    {
                        null => importer.WriteNullAsync(cancellationToken),
                        string text => importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken),
                        long number => importer.WriteAsync(number, NpgsqlDbType.Bigint, cancellationToken),
                        int number => importer.WriteAsync((long)number, NpgsqlDbType.Bigint, cancellationToken),
                        decimal money => importer.WriteAsync(money, NpgsqlDbType.Numeric, cancellationToken),
                        DateTimeOffset time => importer.WriteAsync(
                            new DateTimeOffset(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero), NpgsqlDbType.TimestampTz, cancellationToken),
                        _ => throw new ArgumentException($"The ledger has no column type for {value.GetType().Name}.", nameof(statement)),
                    };
                    await write.ConfigureAwait(false);
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

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
