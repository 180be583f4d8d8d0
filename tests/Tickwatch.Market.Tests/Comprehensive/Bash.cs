using System.Diagnostics;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>Runs a bash command line as an operator would, with a deadline, and returns what it printed.</summary>
internal static class Bash
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string commandLine, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", commandLine])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' did not finish within {timeout.TotalSeconds:0} s; it printed: {await output}{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
