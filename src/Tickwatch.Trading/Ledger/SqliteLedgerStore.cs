using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// The ledger in a SQLite file, the embedded default under <c>tickwatch up</c>: decimals as their canonical invariant
/// text (SQLite has no exact decimal, and a REAL would round money), times as UTC ISO-8601 text to the microsecond.
/// </summary>
public sealed class SqliteLedgerStore : LedgerStore
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private readonly string _connectionString;

    /// <param name="path">The database file; created with its folder when missing.</param>
    /// <param name="time">The clock of <c>applied_at</c> and <c>schema_version</c>.</param>
    /// <param name="logger">The ledger's log.</param>
    public SqliteLedgerStore(string path, TimeProvider time, ILogger<SqliteLedgerStore>? logger = null)
        : base(LedgerSchema.Sqlite, time, (ILogger?)logger ?? NullLogger.Instance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    public string Path { get; }

    public override string Database => "SQLite " + Path;

    private protected override string SchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at text NOT NULL) STRICT";

    // The keys as one JSON array of rows, taken apart by json_each: any number of keys in one statement, no temporary table.
    private protected override (string Sql, (string, object?)[] Parameters) KeysSql(IReadOnlyList<string> columns, IReadOnlyList<string[]> rows) =>
        ($"(SELECT {string.Join(", ", columns.Select((c, i) => $"json_extract(value, '$[{i.ToString(CultureInfo.InvariantCulture)}]') AS {c}"))} FROM json_each(@keys)) AS keys",
         [("keys", LedgerJson.Json(json =>
         {
             json.WriteStartArray();
             foreach (var row in rows)
             {
                 json.WriteStartArray();
                 foreach (var value in row)
                 {
                     json.WriteStringValue(value);
                 }

                 json.WriteEndArray();
             }

             json.WriteEndArray();
         }))]);

    private protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Readers do not wait for the writer in WAL mode; the mode is kept in the file.
    private protected override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override object MoneyValue(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private protected override decimal ReadMoney(DbDataReader reader, int ordinal) =>
        decimal.Parse(reader.GetString(ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private protected override object TimeValue(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // Pooled connections hold the file open; a disposed store lets it go (tests delete it, a restart reopens it).
    private protected override ValueTask DisposeCoreAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
