using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>CPU time of the local redis-server processes of a cluster, per node, read from <c>/proc</c>.</summary>
public sealed class ClusterCpu(IReadOnlyList<int> ports)
{
    public IReadOnlyList<int> Ports { get; } = ports;

    /// <summary>CPU used so far by each node's process (zero for a node not found).</summary>
    public Dictionary<int, TimeSpan> Sample()
    {
        var used = Ports.ToDictionary(p => p, _ => TimeSpan.Zero);
        foreach (var (port, pid) in ProcessIds())
        {
            used[port] = ProcFiles.ProcessCpu(pid) ?? TimeSpan.Zero;
        }

        return used;
    }

    /// <summary>The process id of each node found on this machine, by port.</summary>
    public Dictionary<int, int> ProcessIds()
    {
        var found = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // redis-server names itself "redis-server 127.0.0.1:7401 [cluster]".
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmdline.StartsWith("redis-server", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var port in Ports.Where(p => cmdline.Contains(":" + p.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal)))
                {
                    found[port] = pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }

    /// <summary>CPU used by each node between two samples.</summary>
    public static Dictionary<int, TimeSpan> Between(Dictionary<int, TimeSpan> before, Dictionary<int, TimeSpan> after) =>
        after.ToDictionary(e => e.Key, e => e.Value - before.GetValueOrDefault(e.Key));
}
