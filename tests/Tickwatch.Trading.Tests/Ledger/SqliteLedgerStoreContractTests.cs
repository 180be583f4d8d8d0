using Microsoft.Data.Sqlite;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Trading.Tests.Ledger;

/// <summary>The SQLite ledger passes the ledger contract, on a file of its own per test.</summary>
public sealed class SqliteLedgerStoreContractTests : LedgerStoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tickwatch-ledger-" + Guid.NewGuid().ToString("N"));

    private string File => Path.Combine(_folder, "ledger.db");

    protected override Task CreateDatabaseAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    protected override Task DropDatabaseAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    protected override ILedgerStore OpenStore(TimeProvider time) => new SqliteLedgerStore(File, time);

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
