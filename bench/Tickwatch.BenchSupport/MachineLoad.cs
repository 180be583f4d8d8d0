namespace Tickwatch.BenchSupport;

/// <summary>How busy the machine is, for the line every harness prints beside its figures.</summary>
public static class MachineLoad
{
    /// <summary>
    /// The load average (the first <paramref name="averages"/> of 1, 5 and 15 minutes) and the share of the last 10 s in which
    /// some runnable task waited for a CPU (Linux PSI): on a shared machine the second says better whether the figures were
    /// measured on a busy machine.
    /// </summary>
    public static string Describe(int averages = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(averages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(averages, 3);
        string load, pressure;
        try
        {
            load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(averages));
        }
        catch (IOException)
        {
            load = "?";
        }

        try
        {
            // "some avg10=12.34 avg60=... avg300=... total=..."
            var some = File.ReadLines("/proc/pressure/cpu").First(l => l.StartsWith("some", StringComparison.Ordinal));
            pressure = some.Split(' ')[1].Split('=')[1] + " %";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or IndexOutOfRangeException)
        {
            pressure = "?";
        }

        return $"{load} (cpu pressure {pressure})";
    }
}
