using System.Diagnostics;

namespace Tickwatch.Cli.Instances;

/// <summary>
/// The Redis Cluster <c>tickwatch up --instances</c> starts when none is given: <c>scripts/redis-cluster.sh</c> of the
/// source repository (3 masters, 3 replicas on loopback), in a folder of this run, stopped with it.
/// </summary>
/// <remarks>The script takes its first port from <c>REDIS_CLUSTER_PORT</c> (default 7101) as always, so that variable chooses the ports here too.</remarks>
internal sealed class LoopbackRedisCluster(string script, string folder)
{
    public const string ScriptPath = "scripts/redis-cluster.sh";

    /// <summary>The script, looked for above the working folder and above this executable (built inside the repository); null when neither has it.</summary>
    public static string? FindScript()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ScriptPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Starts it afresh; returns its seed list once every node says <c>cluster_state:ok</c>, or throws with the script's output.</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        await RunAsync("start", cancellationToken).ConfigureAwait(false);
        return (await RunAsync("nodes", cancellationToken).ConfigureAwait(false)).Trim();
    }

    /// <summary>Stops only the nodes the script started in this run's folder.</summary>
    public Task StopAsync() => RunAsync("stop", CancellationToken.None);

    private async Task<string> RunAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.Environment["REDIS_CLUSTER_DIR"] = folder;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"bash {script} {command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{ScriptPath} {command} exited with {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()} {(await output.ConfigureAwait(false)).Trim()}");
        }

        return await output.ConfigureAwait(false);
    }
}
