using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Xunit.Abstractions;

namespace Tickwatch.EndToEndTests;

/// <summary>
/// Issue 18's soak in CI: the built soak harness (<c>bench/Tickwatch.SoakHarness</c>) runs the real system for two minutes on
/// the compressed fault schedule, and its JSON report must show no violated invariant, every fault kind injected, and prices
/// flowing again after every fault. The engine lives in the harness alone; this test runs it as an operator would.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    // Its own Redis Cluster, on ports no other test or harness default uses (the integration tests' are 7101 onwards,
    // the harness's default 7651); the HTTP ports are free ones.
    private const int ClusterPort = 7601;
    private const string Seed = "7";
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task A_two_minute_soak_under_every_fault_kind_breaks_no_invariant_and_recovers_after_each_fault()
    {
        var harness = RepositoryFiles.PathOf(Path.Combine("bench", "Tickwatch.SoakHarness", "bin", Configuration, "net10.0", "Tickwatch.SoakHarness.dll"));
        Assert.True(File.Exists(harness), $"Build the solution first ({harness} is missing).");
        var folder = RepositoryFiles.PathOf(Path.Combine(".tickwatch", "soak-ci"));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryFiles.Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            harness, "--minutes", "2", "--profile", "ci", "--seed", Seed, "--out", folder,
            "--cluster-port", ClusterPort.ToString(CultureInfo.InvariantCulture),
            "--hub-port", Port(), "--market-port", Port(), "--gateway-port", Port(),
        })
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
            using var deadline = new CancellationTokenSource(Deadline);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await StopClusterAsync();
            Assert.Fail($"The soak did not end within {Deadline.TotalMinutes} min; its output:{Environment.NewLine}{Text(log)}");
        }
        finally
        {
            output.WriteLine($"soak harness ran {watch.Elapsed.TotalSeconds:0} s, exit code {(process.HasExited ? process.ExitCode : -1)}; logs in {folder}");
            output.WriteLine(Text(log));
        }

        var reportFile = Path.Combine(folder, "soak-report.json");
        Assert.True(File.Exists(reportFile), "The harness wrote no report.");
        var report = JsonNode.Parse(await File.ReadAllTextAsync(reportFile))!;
        var violations = report["violations"]!.AsArray();
        Assert.True(report["violation_count"]!.GetValue<long>() == 0, "Invariants violated:" + Environment.NewLine + string.Join(Environment.NewLine, violations.Select(v => v!.ToJsonString())));
        var injected = report["faults_injected"]!.AsObject();
        Assert.Equal(["client_churn", "feed_drop", "garbage", "order_burst", "provider_disconnect", "redis_master_kill", "stall"], injected.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(injected, p => Assert.True(p.Value!.GetValue<int>() >= 1, $"No {p.Key} fault was injected."));
        var faults = report["faults"]!.AsArray();
        Assert.Equal(injected.Sum(p => p.Value!.GetValue<int>()), faults.Count);
        Assert.All(faults, f => Assert.True(f!["recovered_after_seconds"] is not null, $"Prices did not flow again after {f.ToJsonString()}."));
        Assert.True(report["orders"]!["in_stale_window"]!.GetValue<long>() >= 1, "No order was sent inside a stall's stale window.");
        Assert.True(report["provider_orders"]!["accepted"]!.GetValue<long>() >= 1, "No provider-routed order was accepted: the provider link was never tried.");
        Assert.Equal(0, report["provider_orders"]!["unsettled"]!.GetValue<long>());
        Assert.Equal(0, process.ExitCode);
    }

    private static string Port() => LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);

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
    private static async Task StopClusterAsync()
    {
        var stop = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryFiles.Root, UseShellExecute = false };
        stop.ArgumentList.Add("scripts/redis-cluster.sh");
        stop.ArgumentList.Add("stop");
        stop.Environment["REDIS_CLUSTER_PORT"] = ClusterPort.ToString(CultureInfo.InvariantCulture);
        stop.Environment["REDIS_CLUSTER_DIR"] = Path.Combine(RepositoryFiles.Root, ".tickwatch", "soak-ci", "redis-cluster");
        using var script = Process.Start(stop)!;
        await script.WaitForExitAsync();
    }
}
