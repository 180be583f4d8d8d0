using System.Globalization;
using Npgsql;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Tests.Ledger;

namespace Tickwatch.IntegrationTests.Ledger;

/// <summary>The PostgreSQL ledger passes the ledger contract, on a real server, in a database of its own per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlLedgerStoreContractTests(PostgresFixture postgres) : LedgerStoreContract
{
    private static int _next;

    private readonly string _database = "ledger_test_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "_" +
        Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);

    protected override Task CreateDatabaseAsync() => postgres.ExecuteAsync($"CREATE DATABASE {_database}");

    protected override async Task DropDatabaseAsync()
    {
        // The stores' pools still hold connections to it until cleared.
        NpgsqlConnection.ClearAllPools();
        await postgres.ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    protected override ILedgerStore OpenStore(TimeProvider time) => new PostgreSqlLedgerStore(postgres.ConnectionStringOf(_database), time);

    protected override Task ExecuteSqlAsync(string sql) => postgres.ExecuteAsync(sql, _database);
}
