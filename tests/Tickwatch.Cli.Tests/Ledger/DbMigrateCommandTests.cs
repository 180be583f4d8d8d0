using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tickwatch.Cli.Commands;

namespace Tickwatch.Cli.Tests.Ledger;

/// <summary><c>tickwatch db migrate</c> on a temporary SQLite ledger: migrates once, then finds it there; refuses a newer database and a disabled ledger.</summary>
public sealed class DbMigrateCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"tickwatch-db-migrate-{Guid.NewGuid():N}");

    private string LedgerPath => Path.Combine(_folder, "ledger.db");

    [Fact]
    public async Task Migrates_an_empty_file_and_the_second_run_says_it_is_already_at_the_version()
    {
        var (first, firstOutput, firstErrors) = await MigrateAsync(Settings());
        var (second, secondOutput, _) = await MigrateAsync(Settings());

        Assert.Equal(0, first);
        Assert.Equal(string.Empty, firstErrors);
        Assert.Equal($"ledger schema: 0 -> 2 (SQLite {LedgerPath})", firstOutput.Trim());
        Assert.Equal(0, second);
        Assert.Equal($"ledger schema: 2 -> 2 (SQLite {LedgerPath}, already at this version)", secondOutput.Trim());
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused_with_exit_code_three_and_left_as_it_is()
    {
        Assert.Equal(0, (await MigrateAsync(Settings())).Exit);
        await ExecuteAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (99, '099_from_the_future', '2030-01-01T00:00:00.000000Z')");

        var (exit, output, errors) = await MigrateAsync(Settings());

        Assert.Equal(3, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"SQLite {LedgerPath}", errors, StringComparison.Ordinal);
        Assert.Contains("schema version 99, newer than this Tickwatch's version 2", errors, StringComparison.Ordinal);
        Assert.Equal(99L, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task A_disabled_ledger_is_named_with_exit_code_two_and_no_file_is_made()
    {
        var settings = Settings();
        settings["Ledger:Enabled"] = "false";

        var (exit, output, errors) = await MigrateAsync(settings);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("Ledger:Enabled=false", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(LedgerPath));
    }

    [Fact]
    public async Task An_invalid_ledger_section_is_a_configuration_error_that_never_shows_the_connection_string()
    {
        var settings = Settings();
        settings["Ledger:Provider"] = "postgresql";
        settings["Ledger:ConnectionString"] = "Host=db;Password=hunter2-secret;Nonsense Key=1";

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => MigrateAsync(settings));

        Assert.DoesNotContain("hunter2", string.Join('\n', failure.Failures), StringComparison.Ordinal);
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

    private static async Task<(int Exit, string Output, string Errors)> MigrateAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await DbCommand.MigrateAsync(configuration, output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={LedgerPath}");
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={LedgerPath}");
        await connection.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(CancellationToken.None);
    }
}
