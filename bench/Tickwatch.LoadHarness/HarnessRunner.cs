using Microsoft.Extensions.Logging;

namespace Tickwatch.LoadHarness;

/// <summary>Runs the chosen scenarios for each protocol selection, one after the other, and reports.</summary>
internal static class HarnessRunner
{
    public static async Task<int> RunAsync(HarnessSettings settings, string command, CancellationToken cancellationToken)
    {
        // Warnings and errors only: a listener or hub problem must show, routine lines must not cost time.
        using var logs = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning));
        var machine = MachineInfo.Current();
        Console.Error.WriteLine($"Machine: {machine}");

        var results = new List<ScenarioResult>();
        var failed = false;
        foreach (var kind in settings.Scenarios)
        {
            if (kind == ScenarioKind.InMemory)
            {
                // Per protocol: "both" adds nothing a single thread could show.
                foreach (var protocol in settings.Protocols.SelectMany(p => p.Protocols).Distinct())
                {
                    Console.Error.WriteLine($"Running in-memory, {protocol} ...");
                    results.Add(Report(InMemoryBreakdown.Run(settings, protocol)));
                }

                continue;
            }

            foreach (var selection in settings.Protocols)
            {
                Console.Error.WriteLine($"Running {SocketScenario.Name(kind)}, {selection.Name} ...");
                try
                {
                    results.Add(Report(await SocketScenario.RunAsync(settings, kind, selection, logs, cancellationToken).ConfigureAwait(false)));
                }
                catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException)
                {
                    Console.Error.WriteLine($"  failed: {ex.Message}");
                    failed = true;
                }
            }
        }

        var report = new HarnessReport(DateTimeOffset.UtcNow, machine, command, settings, results);
        Console.WriteLine(report.ToMarkdown());
        if (settings.Output is { } output)
        {
            await File.WriteAllTextAsync(output.FullName, report.ToJson(), cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"JSON written to {output.FullName}");
        }

        return failed || results.Any(r => r.Verification is { Passed: false }) ? 1 : 0;

        ScenarioResult Report(ScenarioResult result)
        {
            Console.Error.WriteLine($"  {result.UpdatesPerSecond:N0} updates/s, check {(result.Verification is { } v ? (v.Passed ? "ok" : "FAILED") : "n/a")}");
            failed |= result.Verification is { Passed: false };
            return result;
        }
    }
}
