using System.Globalization;
using System.Text.Json.Nodes;
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
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task A_two_minute_soak_under_every_fault_kind_breaks_no_invariant_and_recovers_after_each_fault()
    {
        var harness = BenchHarnessRun.Harness("Tickwatch.SoakHarness");
        var folder = BenchHarnessRun.FreshFolder("soak-ci");
        string[] args =
        [
            "--minutes", "2", "--profile", "ci", "--seed", Seed, "--out", folder,
            "--cluster-port", ClusterPort.ToString(CultureInfo.InvariantCulture),
            "--hub-port", BenchHarnessRun.Port(), "--market-port", BenchHarnessRun.Port(), "--gateway-port", BenchHarnessRun.Port(),
        ];
        var exitCode = await BenchHarnessRun.RunAsync(harness, args, Deadline, ClusterPort, Path.Combine(folder, "redis-cluster"), output);

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
        Assert.Equal(0, exitCode);
    }
}
