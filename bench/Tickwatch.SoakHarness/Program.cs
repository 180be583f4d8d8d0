using Tickwatch.SoakHarness;

// The soak run: the real system on loopback under seeded random faults, invariants checked throughout; exit code 0 when
// no invariant was violated. Options: SoakSettings.Usage (--help).
if (args.Contains("--help"))
{
    Console.WriteLine(SoakSettings.Usage);
    return 0;
}

var settings = SoakSettings.Parse(args);
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends the run cleanly; a second one is not held back.
    e.Cancel = !interrupted.IsCancellationRequested;
    interrupted.Cancel();
};
var report = await new SoakRun(settings, interrupted.Token).RunAsync();
await report.WriteAsync(settings.Output);
Console.WriteLine(report.ToMarkdown());
Console.WriteLine($"Report: {Path.Combine(settings.Output, "soak-report.json")} and soak-report.md; process logs in {Path.Combine(settings.Output, "logs")}; seed {settings.Seed}");
return report.Passed ? 0 : 1;
