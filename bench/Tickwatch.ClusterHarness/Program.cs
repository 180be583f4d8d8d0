using Tickwatch.ClusterHarness;

// The cluster failover run: real processes, kills and pauses by scenario; exit code 0 when no invariant was violated.
// Options: ClusterSettings.Usage (--help).
if (args.Contains("--help"))
{
    Console.WriteLine(ClusterSettings.Usage);
    return 0;
}

var settings = ClusterSettings.Parse(args);
var command = "dotnet bench/Tickwatch.ClusterHarness/bin/Release/net10.0/Tickwatch.ClusterHarness.dll " + string.Join(' ', args);
var report = await new ClusterRun(settings, command).RunAsync();
await report.WriteAsync(settings.Output);
Console.WriteLine(report.ToMarkdown());
Console.WriteLine($"Report: {Path.Combine(settings.Output, "cluster-report.json")} and cluster-report.md; process logs in {Path.Combine(settings.Output, "logs")}");
return report.Passed ? 0 : 1;
