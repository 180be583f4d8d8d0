using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tickwatch.BenchSupport;
using static System.FormattableString;

namespace Tickwatch.SoakHarness;

/// <summary>A soak run's result, written as <c>soak-report.json</c> and <c>soak-report.md</c>.</summary>
internal sealed record SoakReport(
    int Seed,
    string Profile,
    double MinutesAsked,
    bool Interrupted,
    double DurationSeconds,
    double WarmUpSeconds,
    double MaxQuoteAgeSeconds,
    int Clients,
    int Symbols,
    int HubUpdatesPerSecond,
    IReadOnlyDictionary<SoakFault, int> FaultsInjected,
    IReadOnlyList<FaultRecovery> Faults,
    IReadOnlyDictionary<string, long> Checks,
    IReadOnlyDictionary<string, long> ViolationsByInvariant,
    long ViolationCount,
    IReadOnlyList<Violation> Violations,
    PricesChecked PricesChecked,
    long RedisReadErrors,
    long BookPollErrors,
    long ClientConnects,
    long ClientUnplannedDisconnects,
    long ClientResubscribesAsked,
    IReadOnlyList<ProcessFigures> Processes,
    string LoadAverageAtEnd,
    OrderFigures Orders,
    ProviderFigures ProviderOrders)
{
    /// <summary>The RSS target of the long run (the short one reports the slope but does not judge it).</summary>
    public const double RssTargetPercentPerHour = 5;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,

        // Read by people too: the fault details keep their quotes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public bool Passed => ViolationCount == 0 && !Interrupted;

    public async Task WriteAsync(string folder)
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "soak-report.json"), JsonSerializer.Serialize(this, Json));
        await File.WriteAllTextAsync(Path.Combine(folder, "soak-report.md"), ToMarkdown());
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"## Soak run: {DurationSeconds / 60:0.0} min, seed {Seed}, profile {Profile} — {(Interrupted ? "INTERRUPTED (violations until then below; the end checks were not made)" : Passed ? "passed" : "FAILED")}"));
        md.AppendLine();
        md.AppendLine(Invariant($"{Symbols} moving symbols at {HubUpdatesPerSecond:N0} updates/s from the hub; {Clients} stream clients; max quote age {MaxQuoteAgeSeconds:0.#} s; RSS slope fitted after {WarmUpSeconds:0} s; load average at the end {LoadAverageAtEnd}."));
        md.AppendLine();
        md.AppendLine(Invariant($"Orders through the gateway: {Orders.Placed} placed, {Orders.InStaleWindow} of them inside a stall's stale window; outcomes {string.Join(", ", Orders.Outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}."));
        foreach (var error in Orders.ServerErrors)
        {
            md.AppendLine(Invariant($"- server error (no refusal reason; not a soak invariant, see the market's log): {error}"));
        }

        md.AppendLine(Invariant($"Provider-routed orders (live:900001 over the provider link): {ProviderOrders.Placed} placed, {ProviderOrders.Accepted} accepted, {ProviderOrders.Settled} settled, {ProviderOrders.Unsettled} left unsettled; {ProviderOrders.LinkDrops} link drops; outcomes {string.Join(", ", ProviderOrders.Outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}."));
        md.AppendLine();
        md.AppendLine("| Fault | Injected | Recovered | Recovery mean / max (s) |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var (kind, count) in FaultsInjected)
        {
            var recovered = Faults.Where(f => f.Kind == kind && f.RecoveredAfterSeconds is not null).Select(f => f.RecoveredAfterSeconds!.Value).ToList();
            var times = recovered.Count > 0 ? Invariant($"{recovered.Average():0.0} / {recovered.Max():0.0}") : "–";
            md.AppendLine(Invariant($"| {kind} | {count} | {recovered.Count} | {times} |"));
        }

        md.AppendLine();
        md.AppendLine("| Invariant | Checks | Violations |");
        md.AppendLine("|---|---:|---:|");
        foreach (var name in Checks.Keys.Union(ViolationsByInvariant.Keys).Order(StringComparer.Ordinal))
        {
            md.AppendLine(Invariant($"| {name} | {Checks.GetValueOrDefault(name):N0} | {ViolationsByInvariant.GetValueOrDefault(name)} |"));
        }

        md.AppendLine();
        md.AppendLine(Invariant($"Prices checked: book {PricesChecked.Book:N0}, Redis {PricesChecked.Redis:N0}, clients {PricesChecked.Clients:N0}. Redis reads failed (failovers): {RedisReadErrors}; book polls failed: {BookPollErrors}; client connects {ClientConnects}, unplanned disconnects {ClientUnplannedDisconnects}, symbols the gateway asked to subscribe again (store unreachable) {ClientResubscribesAsked}."));
        md.AppendLine();
        md.AppendLine("| Process | RSS at warm-up (MiB) | RSS at end (MiB) | Peak (MiB) | Slope after warm-up (%/h) | CPU (s) | Mean cores |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var p in Processes)
        {
            md.AppendLine(Invariant($"| {p.Name} | {Fmt(p.RssWarmUpMiB, "0.0")} | {Fmt(p.RssEndMiB, "0.0")} | {Fmt(p.RssPeakMiB, "0.0")} | {Fmt(p.RssSlopePercentPerHour, "+0.0;-0.0;0.0")} | {Fmt(p.CpuSeconds, "0.0")} | {Fmt(p.MeanCores, "0.00")} |"));
        }

        md.AppendLine();
        md.AppendLine("Where the memory went after warm-up (slopes in MiB/h; RSS growing with the collector's committed memory is managed, anonymous growth beyond it native, the rest mapped: the JIT's code among it):");
        md.AppendLine();
        md.AppendLine("| Process | RSS | Anonymous | GC committed | GC heap | JIT methods/h | GC committed warm-up → end (MiB) | GC heap warm-up → end (MiB) | Threads | Scrapes failed |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in Processes)
        {
            var m = p.Memory;
            md.AppendLine(Invariant($"| {p.Name} | {Fmt(m.RssMiBPerHour, "+0.0;-0.0;0.0")} | {Fmt(m.AnonMiBPerHour, "+0.0;-0.0;0.0")} | {Fmt(m.GcCommittedMiBPerHour, "+0.0;-0.0;0.0")} | {Fmt(m.GcHeapMiBPerHour, "+0.0;-0.0;0.0")} | {Fmt(m.JitMethodsPerHour, "0")} | {Fmt(m.GcCommittedWarmUpMiB, "0.0")} → {Fmt(m.GcCommittedEndMiB, "0.0")} | {Fmt(m.GcHeapWarmUpMiB, "0.0")} → {Fmt(m.GcHeapEndMiB, "0.0")} | {m.ThreadsWarmUp?.ToString(CultureInfo.InvariantCulture) ?? "–"} → {m.ThreadsEnd?.ToString(CultureInfo.InvariantCulture) ?? "–"} | {m.ScrapeErrors} |"));
        }

        md.AppendLine();
        if (Violations.Count == 0)
        {
            md.AppendLine("No violations.");
        }
        else
        {
            md.AppendLine("| At (s) | Invariant | Where | What |");
            md.AppendLine("|---:|---|---|---|");
            foreach (var v in Violations)
            {
                md.AppendLine(Invariant($"| {v.AtSeconds:0.0} | {v.Invariant} | {v.Where} | {v.What.Replace('|', '/')} |"));
            }
        }

        return md.ToString();
    }

    private static string Fmt(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";
}
