using System.Globalization;

namespace Tickwatch.LoadHarness;

/// <summary>CPU time all processes together have used, from <c>/proc/stat</c> (Linux), to see whether anything else ran during a window.</summary>
internal static class SystemCpu
{
    // USER_HZ is 100 on every mainstream Linux build.
    private const double ClockTicksPerSecond = 100;

    /// <summary>Busy time (user, nice, system, irq, softirq, steal) over all cores since boot, or null where unknown.</summary>
    public static TimeSpan? Busy()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long busy = 0;
            foreach (var index in (int[])[1, 2, 3, 6, 7, 8])
            {
                busy += long.Parse(fields[index], CultureInfo.InvariantCulture);
            }

            return TimeSpan.FromSeconds(busy / ClockTicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }
}
