using System.Diagnostics;
using System.Globalization;
using Tickwatch.Testing;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>One loopback Redis Cluster of 3 masters and 3 replicas run by <c>scripts/redis-cluster.sh</c> on its own ports and folder.</summary>
public sealed class LocalRedisCluster(int firstPort, string folder)
{
    public const int Nodes = 6;

    public int FirstPort { get; } = firstPort;

    /// <summary>The data folder, relative to the repository root.</summary>
    public string Folder { get; } = folder;

    public IEnumerable<int> Ports => Enumerable.Range(FirstPort, Nodes);

    /// <summary>host:port,host:port,... of every node.</summary>
    public string Seeds => string.Join(',', Ports.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)));

    public Task StartAsync() => ScriptAsync("start", TimeSpan.FromSeconds(90));

    /// <summary>Stops every node: SIGKILL first (the data is thrown away, and a graceful stop waits about 2 s per node), then the script's own stop.</summary>
    public async Task StopAsync()
    {
        foreach (var port in Ports)
        {
            Kill(port);
        }

        await ScriptAsync("stop", TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILLs the node on <paramref name="port"/>, if it runs: a crash, with no chance to tell the cluster.</summary>
    public void Kill(int port)
    {
        var pidFile = Path.Combine(RepositoryFiles.Root, Folder, port.ToString(CultureInfo.InvariantCulture), "redis.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);

            // Only the redis-server this folder's pid file names: a recycled pid is left alone.
            if (process.ProcessName.StartsWith("redis-server", StringComparison.Ordinal))
            {
                process.Kill();
                WaitUntilDead(pid);
            }
        }
        catch (ArgumentException)
        {
            // Not running.
        }
    }

    // A killed daemon stays a zombie until the machine's init reaps it, which can take seconds; its sockets are
    // closed at once, so a zombie counts as dead (WaitForExit would wait for the reaping).
    private static void WaitUntilDead(int pid)
    {
        var deadline = Stopwatch.StartNew();
        var stat = "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat";
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                return;
            }

            // The state follows the parenthesised command name: "123 (redis-server) Z ...".
            var state = text[(text.LastIndexOf(')') + 2)..].TrimStart();
            if (state.StartsWith('Z') || state.StartsWith('X'))
            {
                return;
            }

            Thread.Yield();
        }
    }

    private Task ScriptAsync(string command, TimeSpan timeout) =>
        RedisClusterFixture.RunAsync(
            "bash",
            ["scripts/redis-cluster.sh", command],
            new Dictionary<string, string>
            {
                ["REDIS_CLUSTER_PORT"] = FirstPort.ToString(CultureInfo.InvariantCulture),
                ["REDIS_CLUSTER_DIR"] = Folder,
            },
            timeout);
}
