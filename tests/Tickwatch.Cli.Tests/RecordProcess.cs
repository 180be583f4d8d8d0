using System.Diagnostics;

namespace Tickwatch.Cli.Tests;

/// <summary>Runs the real <c>tickwatch record …</c> executable to its end: exit code, standard output and error.</summary>
internal static class RecordProcess
{
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tickwatch"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };

        // The SBE key comes from the environment only: the tests say when there is one.
        start.Environment.Remove("TICKWATCH_Feeds__0__ApiKey");
        start.Environment["TICKWATCH_Logs__Directory"] = Path.Combine(Path.GetTempPath(), "tickwatch-record-logs");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }
}
