using System.Globalization;

namespace Tickwatch.LoadHarness;

/// <summary>CPU time of the calling thread, from <c>/proc/thread-self/stat</c> (Linux; 10 ms resolution).</summary>
internal static class ThreadCpu
{
    // USER_HZ is 100 on every mainstream Linux build.
    private const double ClockTicksPerSecond = 100;

    /// <summary>User plus system time of the calling thread, or null where the kernel does not tell.</summary>
    public static TimeSpan? Current()
    {
        try
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");

            // The command name may hold spaces; fields are counted after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds((user + system) / ClockTicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
