using System.Diagnostics;
using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>This process's limit on open files (each client socket is one): read from <c>/proc/self/limits</c>, raised with <c>prlimit</c> (util-linux).</summary>
public static class OpenFileLimit
{
    /// <summary>The soft and hard limits; null where unlimited or unreadable.</summary>
    public static (long? Soft, long? Hard) Current()
    {
        try
        {
            // "Max open files            20000                20000                files"
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields is [var soft, var hard, ..] ? (Number(soft), Number(hard)) : (null, null);
        }
        catch (IOException)
        {
            return (null, null);
        }

        static long? Number(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>
    /// Makes sure the soft limit is at least <paramref name="needed"/>, raising it up to the hard limit when it is lower
    /// (processes started afterwards inherit it); null when it is, else why not.
    /// </summary>
    public static async Task<string?> EnsureAsync(long needed)
    {
        var (soft, hard) = Current();
        if (soft is null || soft >= needed)
        {
            return null;
        }

        if (hard is { } h && h < needed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"needs {needed} open files but the hard limit is {h} (soft {soft}); raise it (ulimit -Hn, limits.conf) and run again");
        }

        var start = new ProcessStartInfo("prlimit") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--pid");
        start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--nofile={needed}:{(hard is { } max ? max.ToString(CultureInfo.InvariantCulture) : "unlimited")}"));
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("prlimit did not start.");
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"needs {needed} open files, the soft limit is {soft} and prlimit could not raise it ({ex.Message}); run with ulimit -n {needed}";
        }

        return Current().Soft is { } now && now < needed
            ? string.Create(CultureInfo.InvariantCulture, $"needs {needed} open files, the soft limit stayed {now} after prlimit; run with ulimit -n {needed}")
            : null;
    }
}
