using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tickwatch.LoadHarness;

/// <summary>Everything a run measured, printable as Markdown for <c>docs/BENCHMARKS.md</c> and as JSON.</summary>
internal sealed record HarnessReport(DateTimeOffset At, MachineInfo Machine, string Command, HarnessSettings Settings, IReadOnlyList<ScenarioResult> Results)
{
    /// <summary>The issue's target for the listener plus book.</summary>
    public const double TargetUpdatesPerSecond = 1_000_000;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(new
    {
        at = At,
        machine = Machine,
        command = Command,
        settings = new
        {
            protocols = Settings.Protocols.Select(p => p.Name),
            scenarios = Settings.Scenarios,
            symbols = Settings.SyntheticSymbols + Tickwatch.Core.Symbols.StandardInstruments.All.Count,
            synthetic_symbols = Settings.SyntheticSymbols,
            prices_per_frame = Settings.PricesPerFrame,
            rate = Settings.Rate,
            warmup_seconds = Settings.Warmup.TotalSeconds,
            duration_seconds = Settings.Duration.TotalSeconds,
            hub_url = Settings.HubUrl,
            seed = Settings.Seed,
            partial_update_probability = Settings.PartialUpdateProbability,
        },
        target_updates_per_second = TargetUpdatesPerSecond,
        results = Results,
    }, Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"### Load harness, {At:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(c, $"Machine: {Machine}.");
        md.AppendLine(c, $"Command: `{Command}`");
        md.AppendLine(c, $"Settings: {Settings.SyntheticSymbols + Tickwatch.Core.Symbols.StandardInstruments.All.Count} symbols (58 standard + {Settings.SyntheticSymbols} synthetic), "
            + $"{Settings.PricesPerFrame} prices/frame, rate {(Settings.Rate is { } rate ? rate.ToString("N0", c) + "/s per feed" : "unlimited (backpressure)")}, "
            + $"warm-up {Settings.Warmup.TotalSeconds:0.#} s, window {Settings.Duration.TotalSeconds:0.#} s, seed {Settings.Seed}.");
        md.AppendLine();
        md.AppendLine("| scenario | feeds | updates/s | frames/s | source updates/s | slowest / fastest second | CPU (cores) | other procs (cores) | CPU ns/update | alloc B/update | GC gen0/1/2 | GC pause ms | RSS MB (peak) | check |");
        md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var r in Results)
        {
            var seconds = r.SlowestSecond is { } slow && r.FastestSecond is { } fast ? $"{slow:N0} / {fast:N0}" : "";
            var check = r.Verification is { } v ? (v.Passed ? "ok" : "FAILED") : "n/a";
            md.AppendLine(c, $"| {r.Scenario} | {r.Protocols} | **{r.UpdatesPerSecond:N0}** | {r.FramesPerSecond:N0} | {(r.SourceUpdatesPerSecond is { } s ? s.ToString("N0", c) : "")} | {seconds} "
                + $"| {r.CpuCores:0.00} | {(r.OtherProcessesCores is { } other ? other.ToString("0.00", c) : "")} | {r.CpuNanosecondsPerUpdate:N0} | {r.AllocatedBytesPerUpdate:0.#} | {r.Gen0Collections}/{r.Gen1Collections}/{r.Gen2Collections} | {r.GcPauseMilliseconds:0.#} "
                + $"| {r.WorkingSetMegabytes:0} ({r.PeakWorkingSetMegabytes:0}) | {check} |");
        }

        md.AppendLine();
        md.AppendLine("What each row is:");
        foreach (var r in Results.DistinctBy(r => r.Scenario))
        {
            md.AppendLine(c, $"- **{r.Scenario}**: {r.Measures}. Source: {r.Source}. Consumer: {r.Consumer}.");
        }

        md.AppendLine();
        AppendTarget(md);
        foreach (var r in Results)
        {
            AppendDetails(md, r);
        }

        return md.ToString();
    }

    private void AppendTarget(StringBuilder md)
    {
        var c = CultureInfo.InvariantCulture;
        var pipeline = Results.Where(r => r.Scenario == "replay").ToList();
        var endToEnd = Results.Where(r => r.Scenario == "end-to-end").ToList();
        md.AppendLine(c, $"Target: the listener plus book sustain {TargetUpdatesPerSecond:N0} price updates/s.");
        foreach (var r in endToEnd.Concat(pipeline))
        {
            md.AppendLine(c, $"- {r.Scenario} {r.Protocols}: {r.UpdatesPerSecond:N0}/s ({(r.UpdatesPerSecond >= TargetUpdatesPerSecond ? "met" : "not met")}).");
        }

        md.AppendLine();
    }

    private static void AppendDetails(StringBuilder md, ScenarioResult r)
    {
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"#### {r.Scenario}, {r.Protocols}");
        foreach (var feed in r.PerFeed)
        {
            md.AppendLine(c, $"- feed {feed.Feed} ({feed.Protocol}): {feed.UpdatesPerSecond:N0} updates/s, {feed.FramesPerSecond:N0} frames/s");
        }

        if (r.BookAcceptedPerSecond is { } accepted)
        {
            md.AppendLine(c, $"- book accepted {accepted:N0} quotes/s");
        }

        md.AppendLine(c, $"- window {r.Seconds:0.00} s, {r.Updates:N0} updates, process CPU {r.CpuSeconds:0.00} s{(r.SourceCpuSeconds is { } s ? $" (of which replay writers {s:0.00} s)" : "")}");
        if (r.Stages is { } stages)
        {
            foreach (var stage in stages)
            {
                md.AppendLine(c, $"- stage {stage.Stage}: {stage.NanosecondsPerUpdate:0.0} ns/update = {stage.UpdatesPerSecondPerCore:N0}/s per core, {stage.AllocatedBytesPerUpdate:0.#} B/update");
            }
        }

        if (r.Verification is { } v)
        {
            md.AppendLine(c, $"- check {(v.Passed ? "passed" : "FAILED")}: {v.PricesChecked:N0} prices compared, {v.Mismatches} mismatches; "
                + $"updates sent {v.UpdatesSent:N0}, received {v.UpdatesReceived:N0}; book accepted {v.Accepted:N0}, incomplete {v.Incomplete:N0}, "
                + $"refused {v.Rejected}, duplicates {v.Duplicates}, out of order {v.OutOfOrder}; parse errors {v.ParseErrors}, exceptions {v.CodecOrSinkExceptions}, reconnections {v.Reconnections}");
            foreach (var example in v.MismatchExamples)
            {
                md.AppendLine(c, $"  - {example}");
            }
        }

        foreach (var note in r.Notes)
        {
            md.AppendLine(c, $"- {note}");
        }

        md.AppendLine();
    }
}
