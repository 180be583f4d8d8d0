using System.Globalization;

namespace Tickwatch.Market.Startup;

/// <summary>Memory in use where the service runs: the container's limit if it has one, else the machine's.</summary>
/// <param name="Scope"><c>container</c> (a cgroup limit) or <c>machine</c>.</param>
/// <param name="UsedBytes">Memory in use in that scope.</param>
/// <param name="TotalBytes">The limit or the machine's physical memory.</param>
/// <param name="ProcessBytes">This process's working set.</param>
internal readonly record struct MemoryReading(string Scope, long UsedBytes, long TotalBytes, long ProcessBytes)
{
    private const double GiB = 1024d * 1024 * 1024;

    public double UsedPercent => TotalBytes <= 0 ? 0 : Math.Round(UsedBytes * 100d / TotalBytes, 1);

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Scope}: {UsedBytes / GiB:F1} of {TotalBytes / GiB:F1} GiB in use; this process: {ProcessBytes / (1024 * 1024)} MiB");

    /// <summary>Reads cgroup v2 limits, then <c>/proc/meminfo</c>, falling back to what the GC knows; null when nothing can be read.</summary>
    public static MemoryReading? Read()
    {
        var process = Environment.WorkingSet;
        return ReadCgroup(process) ?? ReadMeminfo(process) ?? ReadGc(process);
    }

    private static MemoryReading? ReadCgroup(long process)
    {
        const string Max = "/sys/fs/cgroup/memory.max";
        const string Current = "/sys/fs/cgroup/memory.current";
        try
        {
            if (!File.Exists(Max) || !File.Exists(Current))
            {
                return null;
            }

            // "max" means no limit: the machine's figures are the right ones then.
            return long.TryParse(File.ReadAllText(Max).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
                && long.TryParse(File.ReadAllText(Current).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var used)
                && limit > 0
                ? new MemoryReading("container", used, limit, process)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static MemoryReading? ReadMeminfo(long process)
    {
        try
        {
            if (!File.Exists("/proc/meminfo"))
            {
                return null;
            }

            long? total = null;
            long? available = null;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    total = Kilobytes(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = Kilobytes(line);
                }
            }

            return total is > 0 && available is { } free
                ? new MemoryReading("machine", (total.Value - free) * 1024, total.Value * 1024, process)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static MemoryReading? ReadGc(long process)
    {
        var info = GC.GetGCMemoryInfo();
        return info.TotalAvailableMemoryBytes > 0 && info.MemoryLoadBytes > 0
            ? new MemoryReading("machine (as of the last GC)", info.MemoryLoadBytes, info.TotalAvailableMemoryBytes, process)
            : null;
    }

    private static long? Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
    }
}
