using System.Diagnostics;
using System.Globalization;
using Tickwatch.BenchSupport;

namespace Tickwatch.ClusterHarness;

/// <summary>
/// The run's own PostgreSQL for the ledger, through <c>scripts/postgres.sh</c> on <paramref name="port"/>, in a folder
/// under /tmp (the postgres user cannot reach a checkout under /root) that each start empties, so a run counts only its own rows.
/// </summary>
internal sealed class PostgresScript(int port)
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "tickwatch-cluster-postgres-" + port.ToString(CultureInfo.InvariantCulture));

    /// <summary>The Npgsql connection string of the ledger database (<c>scripts/postgres.sh url</c>).</summary>
    public string ConnectionString { get; } = $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=tickwatch";

    /// <summary>Stops a server a previous run left in the folder, empties it, starts a fresh one and returns once it answers.</summary>
    public async Task StartAsync()
    {
        await RunAsync("stop");
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        await RunAsync("start");
    }

    /// <summary>Stops only the server the script started in the folder.</summary>
    public Task StopAsync() => RunAsync("stop");

    private async Task RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RedisClusterScript.FindRoot(), UseShellExecute = false };
        start.ArgumentList.Add("scripts/postgres.sh");
        start.ArgumentList.Add(command);
        start.Environment["POSTGRES_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["POSTGRES_DIR"] = Folder;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/postgres.sh {command} exited with {process.ExitCode}.");
        }
    }
}
