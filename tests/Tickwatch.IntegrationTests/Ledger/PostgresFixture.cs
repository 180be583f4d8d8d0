using System.Globalization;
using Npgsql;
using Tickwatch.IntegrationTests.Redis;

namespace Tickwatch.IntegrationTests.Ledger;

/// <summary>A dedicated PostgreSQL for the tests (port 55439 by default), started once with <c>scripts/postgres.sh</c> and stopped at the end.</summary>
/// <remarks>
/// The script runs the server as the postgres system user when the tests run as root (CI), and installs Debian's
/// postgresql when it is missing. Its folder is its own (under the temporary folder, named by the port), so it never
/// touches a developer's server. <c>TICKWATCH_TEST_POSTGRES_PORT</c> chooses another port.
/// </remarks>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _environment;

    public PostgresFixture()
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("TICKWATCH_TEST_POSTGRES_PORT"), out var chosen) ? chosen : 55439;
        _environment = new() { ["POSTGRES_PORT"] = port.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>The Npgsql connection string of the script's database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await ScriptAsync("start", TimeSpan.FromMinutes(5));
        ConnectionString = (await ScriptAsync("url", TimeSpan.FromSeconds(30))).Trim();
    }

    public Task DisposeAsync() => ScriptAsync("stop", TimeSpan.FromSeconds(90));

    /// <summary>The connection string of <paramref name="database"/> on the same server.</summary>
    public string ConnectionStringOf(string database) => new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ToString();

    /// <summary>Runs <paramref name="sql"/> on <paramref name="database"/> (the script's own by default).</summary>
    public async Task ExecuteAsync(string sql, string? database = null)
    {
        await using var connection = new NpgsqlConnection(database is null ? ConnectionString : ConnectionStringOf(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<string> ScriptAsync(string command, TimeSpan timeout) =>
        RedisClusterFixture.RunAsync("bash", ["scripts/postgres.sh", command], _environment, timeout);
}
