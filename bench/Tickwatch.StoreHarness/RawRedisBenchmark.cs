using System.Diagnostics;
using System.Globalization;

namespace Tickwatch.StoreHarness;

/// <summary>Runs <c>redis-benchmark</c> against the same cluster for the raw figure: pipelined HSETs.</summary>
internal static class RawRedisBenchmark
{
    public static string Command(string host, int port) =>
        $"redis-benchmark -h {host} -p {port.ToString(CultureInfo.InvariantCulture)} --cluster -t hset -P 16 -n 2000000 -r 1000 -q";

    public static async Task<string> RunAsync(string host, int port)
    {
        var start = new ProcessStartInfo("redis-benchmark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Command(host, port).Split(' ').Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // redis-benchmark -q rewrites its progress line with \r; the last segment of each line is the result.
        var lines = (output + error).Split('\n')
            .Select(l => l.Split('\r', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim())
            .Where(l => !string.IsNullOrEmpty(l));
        return string.Join(Environment.NewLine, lines);
    }
}
