using Microsoft.Data.Sqlite;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Trading.Tests.Ledger;

/// <summary>A SQLite ledger in a temporary folder of its own, deleted when disposed (the ledger tests' and the provider restore test's).</summary>
internal sealed class TemporaryLedger : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tickwatch-ledger-" + Guid.NewGuid().ToString("N"));

    public TemporaryLedger(TimeProvider time)
    {
        Directory.CreateDirectory(_folder);
        Store = new SqliteLedgerStore(Path.Combine(_folder, "ledger.db"), time);
    }

    public SqliteLedgerStore Store { get; }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
