using System.Diagnostics;
using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>Which CPUs a process may run on: read from <c>/proc/PID/status</c>, set on every thread with <c>taskset</c> (util-linux).</summary>
public static class CpuAffinity
{
    /// <summary>The process's <c>Cpus_allowed_list</c> (e.g. <c>0-1</c>), or null once it has gone.</summary>
    public static string? AllowedList(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The CPUs of a list such as <c>0-2,5</c>.</summary>
    public static IReadOnlyList<int> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(part => part.Split('-') is [var from, var to]
                ? Enumerable.Range(int.Parse(from, CultureInfo.InvariantCulture), int.Parse(to, CultureInfo.InvariantCulture) - int.Parse(from, CultureInfo.InvariantCulture) + 1)
                : [int.Parse(part, CultureInfo.InvariantCulture)])
            .Distinct()
            .Order()];
    }

    /// <summary>The full path of <c>taskset</c> on the PATH, or null when util-linux's taskset is not installed.</summary>
    public static string? Taskset() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "taskset"))
            .FirstOrDefault(File.Exists);

    /// <summary>Restricts every thread of <paramref name="pid"/> to <paramref name="cpus"/> (<c>taskset -a -c -p</c>); threads it starts later inherit it.</summary>
    public static async Task PinAsync(int pid, string cpus)
    {
        var taskset = Taskset() ?? throw new InvalidOperationException("taskset (util-linux) is not on the PATH: install util-linux or run with --placement none.");
        var start = new ProcessStartInfo(taskset) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-a", "-c", "-p", cpus, pid.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("taskset did not start.");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var message = (await error.ConfigureAwait(false)).Trim();
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"taskset -a -c -p {cpus} {pid} exited with {process.ExitCode}: {message}"));
        }
    }
}
