using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using static System.FormattableString;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// Writes a <c>--source cluster</c> run as JSON and Markdown under <c>--out</c> (<see cref="ClusterSettings.ReportName"/>):
/// a header (machine, placement, profile, symbols, rate, protocol), the stream's table as issue 20 reads it, the whole
/// path's table, and every process's CPU, memory and allowed CPUs per step.
/// </summary>
internal static class ClusterReport
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Write(
        HarnessSettings settings, ClusterSettings cluster, CpuPlacement placement, List<ClusterStepResult> results, MeasuredLimits? limits, string loadAtStart)
    {
        Directory.CreateDirectory(cluster.Output);
        var json = Path.Combine(cluster.Output, cluster.ReportName + ".json");
        var markdown = Path.Combine(cluster.Output, cluster.ReportName + ".md");
        var machine = Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        var run = new
        {
            machine,
            load_average_at_start = loadAtStart,
            profile = cluster.Profile,
            placement = placement.Describe(),
            symbols = cluster.Symbols,
            protocol = cluster.Protocol.ToString().ToLowerInvariant(),
            hub_rate = cluster.HubRate,
            symbols_per_client = settings.SymbolsPerClient,
            seconds = settings.Seconds,
            warmup_seconds = settings.WarmupSeconds,
            client_mode = BenchmarkRun.ClientModeText(settings),
            gateway_settings = settings.GatewayArguments,
            tick_to_book = WholePathFigures.NoTickToBook,
            limits,
            steps = results,
        };
        File.WriteAllText(json, JsonSerializer.Serialize(run, ReportJson));

        var lines = new List<string>
        {
            Invariant($"Machine: {machine}. Placement: {placement.Describe()}. Profile: {cluster.Profile.ToString().ToLowerInvariant()}; {cluster.Symbols:N0} symbols at {cluster.HubRate:N0} updates/s over {cluster.Protocol.ToString().ToLowerInvariant()} (hub and market feed)."),
            "",
            Invariant($"Gateway reading the Redis Cluster: quote hub {cluster.HubRate:N0} updates/s → market → cluster (`prices:{{SYM}}`) → gateway → {settings.SymbolsPerClient} symbols per client; {settings.Seconds} s measured after {settings.WarmupSeconds} s of warm-up per row; gateway settings: {settings.GatewayArguments}; load average at start {loadAtStart}."),
            "",
            "| clients | pacing | tick-to-client p50 / p99 / p99.9 / max ms | prices/s delivered | messages/s | announced/s | gateway cores | CPU µs / price | CPU µs / message | at once / coalesced | load factor mean / max | pool backlog mean | final check | load average |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        };
        lines.AddRange(results.Select(r => r.Failure is { } failure
            ? Invariant($"| {r.Clients} | {Pacing(r)} | did not run: {Cell(failure)} | | | | | | | | | | FAILED | {r.LoadAverage} |")
            : Invariant($"| {r.Clients} | {Pacing(r)} | {r.P50Ms:0.0} / {r.P99Ms:0.0} / {r.P999Ms:0.0} / {r.MaxMs:0.0} | {r.PricesPerSecond:N0} | {r.MessagesPerSecond:N0} | {r.AnnouncedPerSecond:N0} | {r.GatewayCores:0.00} | {r.CpuMicrosPerPrice:0.0} | {r.CpuMicrosPerMessage:0.0} | {r.MessagesSentAtOnce:N0} / {r.MessagesCoalesced:N0} | {r.MeanLoadFactor:0.00} / {r.MaxLoadFactor:0.00} | {r.MeanBacklog:0.0} | {(r.Passed ? "ok" : "FAILED")}: {r.Mismatches} of {r.CheckedPairs} differ, {r.ClientsEnded} ended | {r.LoadAverage} |")));

        var whole = results.Where(r => r.WholePath is not null).ToList();
        if (whole.Count > 0)
        {
            lines.Add("");
            lines.Add(Invariant($"The whole path per step: the market's feed received and its book accepted, prices stored; tick-to-store is the market's rolling window (receipt to the store's acknowledgement, the last {whole[0].WholePath!.TickToStoreWindowSeconds:0} s, read at the end of the measured window); tick-to-book: {WholePathFigures.NoTickToBook}."));
            lines.Add("");
            lines.Add(limits is null
                ? "Machine limits: not measured in this run (--limits no)."
                : $"Machine limits measured in this run before the market started, from this harness's CPUs: {limits.ReceiveOnly}; {limits.RedisHset}.");
            lines.Add("");
            lines.Add("| clients | pacing | received / accepted updates/s | accepted ÷ receive-only | stored prices/s | stored ÷ redis-benchmark HSET/s | tick-to-store p50 / p99 / p99.9 / max ms | tick-to-client p50 / p99 / p99.9 / max ms | market µs / accepted price | cluster µs / stored price | gateway µs / price / message | cores hub / market / redis / gateway / harness | final check |");
            lines.Add("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            lines.AddRange(whole.Select(r =>
            {
                var w = r.WholePath!;
                return Invariant($"| {r.Clients} | {Pacing(r)} | {w.MarketReceivedPerSecond:N0} / {w.MarketAcceptedPerSecond:N0} | {Share(w.OfLimits?.AcceptedOfReceiveOnly)} | {w.StoredPerSecond:N0} | {Share(w.OfLimits?.StoredOfRedisHset)} | {w.TickToStore.P50Ms:0.0} / {w.TickToStore.P99Ms:0.0} / {w.TickToStore.P999Ms:0.0} / {w.TickToStore.MaxMs:0.0} | {r.P50Ms:0.0} / {r.P99Ms:0.0} / {r.P999Ms:0.0} / {r.MaxMs:0.0} | {w.MarketMicrosPerAcceptedPrice:0.0} | {w.ClusterMicrosPerStoredPrice:0.0} | {r.CpuMicrosPerPrice:0.0} / {r.CpuMicrosPerMessage:0.0} | {Cores(w, "hub")} / {Cores(w, "market")} / {Cores(w, "redis (sum)")} / {Cores(w, "gateway")} / {Cores(w, "harness")} | {(r.Passed ? "ok" : "FAILED")}: {r.Mismatches} of {r.CheckedPairs} differ, {r.ClientsEnded} ended |");
            }));
            lines.Add("");
            lines.Add("Processes per step (CPUs allowed as /proc/PID/status `Cpus_allowed_list` reads them at the end of the window; RSS at the window's end and the step's peak):");
            lines.Add("");
            lines.Add("| clients | pacing | role | pid | CPUs allowed | cores | RSS end / peak MiB |");
            lines.Add("|---|---|---|---|---|---|---|");
            lines.AddRange(whole.SelectMany(r => r.WholePath!.Processes.Select(p =>
                Invariant($"| {r.Clients} | {Pacing(r)} | {p.Role} | {p.Pid} | {p.CpusAllowed} | {p.Cores:0.00} | {p.RssEndMiB:0} / {p.RssPeakMiB:0} |"))));
        }

        File.WriteAllLines(markdown, lines);
        Console.WriteLine();
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine($"Written {json} and {markdown}");
    }

    private static string Pacing(ClusterStepResult r) => r.Pacing.ToString().ToLowerInvariant();

    private static string Cores(WholePathFigures figures, string role) => Invariant($"{figures.Processes.FirstOrDefault(p => p.Role == role)?.Cores:0.00}");

    private static string Share(double? ratio) => ratio is { } r ? Invariant($"{r:P1}") : "–";

    private static string Cell(string text) => text.Replace('|', '/').ReplaceLineEndings(" ");
}
