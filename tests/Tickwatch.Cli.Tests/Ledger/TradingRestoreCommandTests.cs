using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Tickwatch.Cli.Commands;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Cli.Tests.Ledger;

/// <summary>
/// <c>tickwatch trading restore</c>: refuses a disabled ledger and an in-memory store (exit 2), a ledger it cannot use
/// (exit 3, the store untouched), and prints a restore's and its reconciliation's figures.
/// </summary>
public sealed class TradingRestoreCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"tickwatch-trading-restore-{Guid.NewGuid():N}");

    private string LedgerPath => Path.Combine(_folder, "ledger.db");

    [Fact]
    public async Task A_disabled_ledger_is_named_with_exit_code_two()
    {
        var settings = Settings();
        settings["Ledger:Enabled"] = "false";
        settings["Redis:Configuration"] = "127.0.0.1:1";

        var (exit, output, errors) = await RestoreAsync(settings);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("Ledger:Enabled=false", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_in_memory_store_is_refused_with_exit_code_two_since_the_market_service_restores_it_at_start()
    {
        var (exit, output, errors) = await RestoreAsync(Settings());

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("in memory (no Redis:Configuration)", errors, StringComparison.Ordinal);
        Assert.Contains("restores it from the ledger at start", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ledger_newer_than_the_code_is_refused_with_exit_code_three()
    {
        Directory.CreateDirectory(_folder);
        await using (var ledger = new SqliteLedgerStore(LedgerPath, TimeProvider.System))
        {
            await ledger.MigrateAsync(CancellationToken.None);
        }

        await using (var connection = new SqliteConnection($"Data Source={LedgerPath}"))
        {
            await connection.OpenAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES (99, '099_from_the_future', '2030-01-01T00:00:00.000000Z')";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var settings = Settings();
        settings["Redis:Configuration"] = "127.0.0.1:1";
        var (exit, output, errors) = await RestoreAsync(settings);

        Assert.Equal(3, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"Cannot restore from SQLite {LedgerPath}", errors, StringComparison.Ordinal);
        Assert.Contains("schema version 99", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_figures_name_the_restored_the_left_alone_and_the_reconciliation_with_its_drifts()
    {
        var reconciliation = new LedgerReconciliationResult(DateTimeOffset.UnixEpoch, 42.25, 3, 1, 1, 1, [new AccountDrift("live:7", ["balance: store 5, ledger 4"])]);
        var report = new LedgerRestoreReport(3, 2, 1, 0, 5, 1, 1234.5, ["live:9: the store holds it at revision 12, the ledger at 10"], reconciliation, null);

        var text = TradingCommand.Print(report, "SQLite /tmp/ledger.db");

        Assert.Equal(
            """
            ledger: 3 accounts (SQLite /tmp/ledger.db)
            restored: 2 accounts, 5 open positions, 1 pending orders in 1234.5 ms
            left alone: 1 (the store holds them at the ledger's revision or above), not restorable: 0
              live:9: the store holds it at revision 12, the ledger at 10
            reconciliation: 3 accounts checked, 1 in agreement, 1 drifting, 1 behind the ledger writer (42.3 ms)
              live:7: balance: store 5, ledger 4
            A running market service loads restored orders into its triggers and portfolios at its next start: restart it.
            """.ReplaceLineEndings(),
            text.ReplaceLineEndings());
        Assert.Contains("reconciliation: failed: ledger down", TradingCommand.Print(report with { Reconciliation = null, ReconciliationError = "ledger down" }, "x"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Ledger:Provider"] = "sqlite",
        ["Ledger:Path"] = LedgerPath,
    };

    private static async Task<(int Exit, string Output, string Errors)> RestoreAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await TradingCommand.RestoreAsync(configuration, output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }
}
