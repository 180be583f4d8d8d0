using System.Diagnostics;

namespace Tickwatch.BenchSupport;

/// <summary>What every service a harness starts in a process of its own shares: configuration as <c>TICKWATCH_</c> variables, its output relayed line by line.</summary>
internal static class ChildProcess
{
    /// <summary>Starts <paramref name="start"/> with <paramref name="settings"/> (configuration keys such as <c>Gateway:Port</c>) and plain <paramref name="environment"/> variables; every line it writes goes to <paramref name="line"/>.</summary>
    public static Process Start(ProcessStartInfo start, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? environment, string name, Action<string?> line)
    {
        foreach (var (key, value) in settings)
        {
            start.Environment["TICKWATCH_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"The {name} process did not start.");
        process.OutputDataReceived += (_, e) => line(e.Data);
        process.ErrorDataReceived += (_, e) => line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
