using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>CPU time of the local redis-server processes of a cluster, per node, read from <c>/proc</c>.</summary>
public sealed class ClusterCpu(IReadOnlyList<int> ports)
{
    // utime and stime of /proc/PID/stat are in clock ticks of 1/100 s.
    private const long TicksPerSecond = 100;

    public IReadOnlyList<int> Ports { get; } = ports;

    /// <summary>CPU used so far by each node's process (zero for a node not found).</summary>
    public Dictionary<int, TimeSpan> Sample()
    {
        var used = Ports.ToDictionary(p => p, _ => TimeSpan.Zero);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                // redis-server names itself "redis-server 127.0.0.1:7401 [cluster]".
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmdline.StartsWith("redis-server", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var port in Ports)
                {
                    if (cmdline.Contains(":" + port.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal))
                    {
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                        used[port] = TimeSpan.FromSeconds((double)ticks / TicksPerSecond);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not a process, or gone meanwhile.
            }
        }

        return used;
    }

    /// <summary>CPU used by each node between two samples.</summary>
    public static Dictionary<int, TimeSpan> Between(Dictionary<int, TimeSpan> before, Dictionary<int, TimeSpan> after) =>
        after.ToDictionary(e => e.Key, e => e.Value - before.GetValueOrDefault(e.Key));
}
