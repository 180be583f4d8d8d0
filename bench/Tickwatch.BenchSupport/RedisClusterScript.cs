using System.Diagnostics;
using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>
/// A harness's own Redis Cluster on loopback, through <c>scripts/redis-cluster.sh</c>: 6 nodes from
/// <paramref name="firstPort"/> in <paramref name="directory"/>, so it never touches the test cluster's ports.
/// </summary>
public sealed class RedisClusterScript(int firstPort, string directory)
{
    private const int Nodes = 6;

    /// <summary>The nodes' seed list, <c>127.0.0.1:7401,...</c>.</summary>
    public string Seeds => string.Join(',', Ports.Select(p => "127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)));

    public IReadOnlyList<int> Ports => [.. Enumerable.Range(firstPort, Nodes)];

    /// <summary>Starts it fresh and returns once every node says <c>cluster_state:ok</c>.</summary>
    public Task StartAsync() => RunAsync("start");

    /// <summary>Stops only the processes the script started.</summary>
    public Task StopAsync() => RunAsync("stop");

    /// <summary>The repository's root, found from the working folder upwards (the harnesses run from inside it).</summary>
    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tickwatch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the harness from inside the repository (Tickwatch.slnx not found).");
    }

    private async Task RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = FindRoot(), UseShellExecute = false };
        start.ArgumentList.Add("scripts/redis-cluster.sh");
        start.ArgumentList.Add(command);
        start.Environment["REDIS_CLUSTER_PORT"] = firstPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["REDIS_CLUSTER_DIR"] = directory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/redis-cluster.sh {command} exited with {process.ExitCode}.");
        }
    }
}
