using System.Diagnostics;
using System.Text;
using Tickwatch.Testing;
using Xunit.Sdk;

namespace Tickwatch.IntegrationTests.Metrics;

/// <summary>Debian's <c>prometheus</c> package (prometheus and promtool), which scripts/test.sh installs; and the repository's deploy/ files.</summary>
internal static class PrometheusTools
{
    public static string DeployFile(string relative) => Path.Combine(RepositoryFiles.Root, "deploy", relative);

    /// <summary>The full path of <paramref name="name"/> on PATH; fails the test, saying how to install it, when it is missing.</summary>
    public static string Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
        ?? throw new XunitException($"{name} is not installed: scripts/install-deps.sh promtool:prometheus prometheus:prometheus (scripts/test.sh runs it).");

    /// <summary>Runs promtool in the repository root and returns its exit code and output (stdout then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> PromToolAsync(string[] arguments, string? input = null)
    {
        var start = new ProcessStartInfo(Find("promtool"))
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within a minute.");
        }

        return (process.ExitCode, new StringBuilder(await output).Append(await error).ToString());
    }
}
