using System.Diagnostics;
using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>
/// The nodes of the run's own cluster (started by <c>scripts/redis-cluster.sh</c> in <paramref name="folder"/>): which are
/// masters, SIGKILL one (a crash, the cluster fails over), start it again from its own config so it rejoins as a replica.
/// </summary>
public sealed class RedisNodes(IReadOnlyList<int> ports, string folder)
{
    public async Task<IReadOnlyList<int>> MastersAsync()
    {
        var masters = new List<int>();
        foreach (var port in ports)
        {
            if ((await CliAsync(port, "role")).StartsWith("master", StringComparison.Ordinal))
            {
                masters.Add(port);
            }
        }

        return masters;
    }

    /// <summary>The port of the master serving <paramref name="key"/>'s slot (from <c>CLUSTER NODES</c> of a node that answers); null when none is known.</summary>
    public async Task<int?> MasterServingAsync(string key)
    {
        foreach (var port in ports)
        {
            if (!int.TryParse((await CliAsync(port, "cluster", "keyslot", key)).Trim(), CultureInfo.InvariantCulture, out var slot))
            {
                continue;
            }

            foreach (var line in (await CliAsync(port, "cluster", "nodes")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                // id host:port@bus flags master ping pong epoch link slot-range...
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 9 || !fields[2].Contains("master", StringComparison.Ordinal) || fields[2].Contains("fail", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var range in fields.Skip(8).Where(r => !r.StartsWith('[')))
                {
                    var bounds = range.Split('-');
                    var from = int.Parse(bounds[0], CultureInfo.InvariantCulture);
                    var to = bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : from;
                    if (slot >= from && slot <= to)
                    {
                        var address = fields[1].Split('@')[0];
                        return int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>SIGKILLs the node on <paramref name="port"/>; only the redis-server its pid file names.</summary>
    public void Kill(int port)
    {
        var pidFile = Path.Combine(folder, port.ToString(CultureInfo.InvariantCulture), "redis.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            throw new InvalidOperationException($"No pid file for the node on {port}.");
        }

        using var process = Process.GetProcessById(pid);
        if (!process.ProcessName.StartsWith("redis-server", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Process {pid} of {pidFile} is not a redis-server.");
        }

        process.Kill();
    }

    /// <summary>Whether the cluster serves every slot again without <paramref name="dead"/>: each other node says ok and 3 of them are masters.</summary>
    public async Task<bool> FailedOverAsync(int dead)
    {
        var masters = 0;
        foreach (var port in ports.Where(p => p != dead))
        {
            if (!(await CliAsync(port, "cluster", "info")).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return false;
            }

            if ((await CliAsync(port, "role")).StartsWith("master", StringComparison.Ordinal))
            {
                masters++;
            }
        }

        return masters == 3;
    }

    /// <summary>Starts the node again from its config (its nodes.conf makes it rejoin, now as a replica).</summary>
    public Task RestartAsync(int port) =>
        RunAsync("redis-server", Path.Combine(folder, port.ToString(CultureInfo.InvariantCulture), "redis.conf"));

    /// <summary>Whether the node on <paramref name="port"/> is a replica in sync with its master.</summary>
    public async Task<bool> RejoinedAsReplicaAsync(int port)
    {
        var info = await CliAsync(port, "info", "replication");
        return info.Contains("role:slave", StringComparison.Ordinal) && info.Contains("master_link_status:up", StringComparison.Ordinal);
    }

    private static Task<string> CliAsync(int port, params string[] args) =>
        RunAsync("redis-cli", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. args]);

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(deadline.Token);
        await error;
        return await output;
    }
}
