using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tickwatch.Testing;
using Xunit.Abstractions;

namespace Tickwatch.EndToEndTests;

/// <summary>
/// A built bench harness run as an operator runs it (<c>dotnet bench/…/X.dll --args</c>), its output kept for the test's
/// log; one that outlasts its deadline is killed, the Redis Cluster it started stopped, and the test failed.
/// </summary>
internal static class BenchHarnessRun
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The built harness <c>bench/NAME/bin/…/NAME.dll</c>; the test fails when it is missing.</summary>
    public static string Harness(string name)
    {
        var harness = RepositoryFiles.PathOf(Path.Combine("bench", name, "bin", Configuration, "net10.0", name + ".dll"));
        Assert.True(File.Exists(harness), $"Build the solution first ({harness} is missing).");
        return harness;
    }

    /// <summary>An empty output folder under <c>.tickwatch</c>.</summary>
    public static string FreshFolder(string name)
    {
        var folder = RepositoryFiles.PathOf(Path.Combine(".tickwatch", name));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return folder;
    }

    /// <summary>Runs the harness to its end and returns its exit code; its cluster on <paramref name="clusterPort"/> in <paramref name="clusterFolder"/> is stopped if it is killed.</summary>
    public static async Task<int> RunAsync(string harness, IEnumerable<string> args, TimeSpan deadline, int clusterPort, string clusterFolder, ITestOutputHelper output)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryFiles.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(harness);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(deadline);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await StopClusterAsync(clusterPort, clusterFolder);
            Assert.Fail($"{Path.GetFileName(harness)} did not end within {deadline.TotalMinutes} min; its output:{Environment.NewLine}{Text(log)}");
            throw;
        }
        finally
        {
            output.WriteLine($"{Path.GetFileName(harness)} ran {watch.Elapsed.TotalSeconds:0} s, exit code {(process.HasExited ? process.ExitCode : -1)}");
            output.WriteLine(Text(log));
        }
    }

    /// <summary>A free loopback port, as text for a harness argument.</summary>
    public static string Port() => LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    // A harness killed at the deadline cannot stop its daemonised Redis nodes; the script stops those it started there.
    private static async Task StopClusterAsync(int clusterPort, string clusterFolder)
    {
        var stop = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryFiles.Root, UseShellExecute = false };
        stop.ArgumentList.Add("scripts/redis-cluster.sh");
        stop.ArgumentList.Add("stop");
        stop.Environment["REDIS_CLUSTER_PORT"] = clusterPort.ToString(CultureInfo.InvariantCulture);
        stop.Environment["REDIS_CLUSTER_DIR"] = clusterFolder;
        using var script = Process.Start(stop)!;
        await script.WaitForExitAsync();
    }
}
