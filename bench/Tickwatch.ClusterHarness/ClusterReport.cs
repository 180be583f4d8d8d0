using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tickwatch.BenchSupport;

namespace Tickwatch.ClusterHarness;

/// <summary>The run's report: the command, every scenario's figures, the invariants checked and every violation; written as JSON and Markdown.</summary>
internal sealed record ClusterReport(
    string Command,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    int HubRate,
    int Symbols,
    int Clients,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyDictionary<string, long> Checks,
    IReadOnlyDictionary<string, long> ViolationCounts,
    long ViolationCount,
    IReadOnlyList<Violation> Violations)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public bool Passed => ViolationCount == 0;

    public async Task WriteAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "cluster-report.json"), JsonSerializer.Serialize(this, Json));
        await File.WriteAllTextAsync(Path.Combine(folder, "cluster-report.md"), ToMarkdown());
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("# Cluster failover run").AppendLine();
        text.AppendLine(c, $"`{Command}`, started {StartedAt:u}, {DurationSeconds:0} s; hub {HubRate} updates/s over {Symbols} symbols; {Clients} stream clients.").AppendLine();
        text.AppendLine(c, $"**{(Passed ? "Passed" : "FAILED")}**: {ViolationCount} violations over {Checks.Values.Sum()} checks.").AppendLine();
        foreach (var scenario in Scenarios)
        {
            text.AppendLine(c, $"## {scenario.Scenario}").AppendLine();
            text.AppendLine("| figure | value |").AppendLine("|---|---|");
            foreach (var (name, value) in scenario.Figures)
            {
                text.AppendLine(c, $"| {name} | {(value is { } v ? v.ToString("0.###", c) : "n/a")} |");
            }

            text.AppendLine();
            if (scenario.Kills is { Count: > 0 } kills)
            {
                text.AppendLine("| kill | killed (token) | new holder (token) | takeover s | all symbols s |").AppendLine("|---|---|---|---|---|");
                foreach (var k in kills)
                {
                    text.AppendLine(c, $"| {k.Kill} | {k.Killed} ({k.KilledToken}) | {k.NewHolder ?? "none"} ({k.NewToken?.ToString(c) ?? "-"}) | {k.TakeoverSeconds?.ToString("0.000", c) ?? "n/a"} | {k.AllSymbolsSeconds?.ToString("0.000", c) ?? "n/a"} |");
                }

                text.AppendLine();
            }

            foreach (var note in scenario.Notes)
            {
                text.AppendLine(c, $"- {note}");
            }

            text.AppendLine();
        }

        text.AppendLine("## Invariants").AppendLine().AppendLine("| invariant | checks | violations |").AppendLine("|---|---|---|");
        foreach (var (name, count) in Checks.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"| {name} | {count} | {ViolationCounts.GetValueOrDefault(name)} |");
        }

        text.AppendLine();
        foreach (var v in Violations)
        {
            text.AppendLine(c, $"- {v.AtSeconds:0.0} s [{v.Invariant}] {v.Where}: {v.What}");
        }

        return text.ToString();
    }
}
