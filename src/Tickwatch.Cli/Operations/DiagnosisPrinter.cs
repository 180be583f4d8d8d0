using System.Text.Json.Nodes;

namespace Tickwatch.Cli.Operations;

/// <summary>Prints the body of <c>/api/debug/diagnosis</c> for a person at a terminal: status, then each finding's symptom, root cause, evidence and action.</summary>
internal sealed class DiagnosisPrinter(TextWriter output, TerminalStyle style)
{
    private const string Indent = "   ";

    /// <summary>Prints the report and returns the exit code its status calls for.</summary>
    public int Print(JsonNode report, Uri source)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(source);
        var status = Text(report["status"]) ?? "unknown";
        output.WriteLine(style.Bold($"Tickwatch diagnosis of {source} at {Text(report["timestamp"])}"));
        output.WriteLine($"{Badge(status)} {Text(report["summary"])}");

        foreach (var finding in report["findings"]?.AsArray() ?? [])
        {
            if (finding is null)
            {
                continue;
            }

            output.WriteLine();
            output.WriteLine($"{Badge(Text(finding["severity"]) ?? "")} {style.Bold(Text(finding["title"]) ?? "")} {style.Dim($"[{Text(finding["id"])}]")}");
            Field("Symptom", Text(finding["symptom"]));
            Field("Root cause", Text(finding["root_cause"]));
            Field("Evidence", Evidence(finding["evidence"]));
            Field("Action", Text(finding["action"]));
        }

        var passed = (report["passed"]?.AsArray() ?? []).Select(p => Text(p?["title"])).OfType<string>().ToList();
        if (passed.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"{style.Green("✅ Passed")} ({passed.Count}): {string.Join(", ", passed)}");
        }

        return DiagnoseExitCode.Of(status);
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => node.ToJsonString(),
    };

    private static string? Evidence(JsonNode? node) => node is JsonObject evidence
        ? string.Join(", ", evidence.Select(e => $"{e.Key}={e.Value?.ToJsonString() ?? "null"}"))
        : null;

    private void Field(string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            output.WriteLine($"{Indent}{style.Dim((label + ":").PadRight(12))}{value}");
        }
    }

    private string Badge(string severity) => severity switch
    {
        "critical" => style.Red("🚨 CRITICAL"),
        "warning" => style.Yellow("⚠️  WARNING"),
        "ok" => style.Green("✅ OK"),
        _ => style.Red($"❓ {severity.ToUpperInvariant()}"),
    };
}
