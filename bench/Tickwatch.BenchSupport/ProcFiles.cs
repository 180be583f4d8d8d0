using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>What Linux's /proc says about a process, a thread and the machine.</summary>
public static class ProcFiles
{
    // USER_HZ is 100 on every mainstream Linux build.
    private const double TicksPerSecond = 100;

    /// <summary>Resident set size of process <paramref name="pid"/> in bytes (VmRSS), or null once it has gone.</summary>
    public static long? ResidentBytes(int pid) => StatusField(pid, "VmRSS:") * 1024;

    /// <summary>The anonymous part of process <paramref name="pid"/>'s resident set in bytes (RssAnon: heaps, stacks; not mapped files).</summary>
    public static long? AnonymousResidentBytes(int pid) => StatusField(pid, "RssAnon:") * 1024;

    /// <summary>Threads of process <paramref name="pid"/>.</summary>
    public static int? Threads(int pid) => (int?)StatusField(pid, "Threads:");

    /// <summary>User plus system CPU of process <paramref name="pid"/>.</summary>
    public static TimeSpan? ProcessCpu(int pid) => CpuOfStat($"/proc/{pid}/stat");

    /// <summary>User plus system CPU of the calling thread.</summary>
    public static TimeSpan? ThreadCpu() => CpuOfStat("/proc/thread-self/stat");

    /// <summary>CPU time every core has spent busy (not idle or waiting for I/O) since boot, summed; steal included.</summary>
    public static TimeSpan? MachineBusy()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return TimeSpan.FromSeconds((ticks.Sum() - ticks[3] - ticks[4]) / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            return null;
        }
    }

    /// <summary>CPU time the hypervisor gave to others while this machine's cores wanted it ("steal"), summed over cores.</summary>
    public static TimeSpan? MachineSteal()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return TimeSpan.FromSeconds(long.Parse(fields[8], CultureInfo.InvariantCulture) / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The 1, 5 and 15-minute load averages and the CPU pressure.</summary>
    public static string LoadAverage() => MachineLoad.Describe(averages: 3);

    // A "Name:   value [kB]" line of /proc/PID/status; null once the process has gone or the kernel lacks the field.
    private static long? StatusField(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static TimeSpan? CpuOfStat(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);

            // The command name may hold spaces; fields are counted after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
