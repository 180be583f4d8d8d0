using System.Text.Json.Nodes;
using Tickwatch.Cli.Operations;

namespace Tickwatch.Cli.Tests;

/// <summary>The terminal rendering of a diagnosis and the exit code its status calls for.</summary>
public sealed class DiagnosisPrinterUnitTests
{
    private const string Critical = """
        {
          "timestamp": "2025-01-14T03:00:00+00:00",
          "status": "critical",
          "summary": "critical: 1 critical, 0 warning — WebSocket listener down",
          "counts": { "critical": 1, "warning": 0, "ok": 1 },
          "findings": [
            {
              "id": "websocket_listener_down",
              "severity": "critical",
              "title": "WebSocket listener down",
              "symptom": "\"is_running\": false",
              "root_cause": "WebSocket listener down: feed 'json' connects but receives nothing.",
              "evidence": { "is_running": false, "feeds_not_running": ["json"] },
              "action": "Check listener status."
            }
          ],
          "passed": [ { "id": "redis_unreachable", "title": "Redis reachable", "evidence": {} } ]
        }
        """;

    [Fact]
    public void A_finding_is_printed_with_symptom_root_cause_evidence_and_action()
    {
        using var output = new StringWriter();

        var exit = new DiagnosisPrinter(output, TerminalStyle.None).Print(JsonNode.Parse(Critical)!, new Uri("http://localhost:8000"));

        Assert.Equal(DiagnoseExitCode.Critical, exit);
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Equal("Tickwatch diagnosis of http://localhost:8000/ at 2025-01-14T03:00:00+00:00", lines[0]);
        Assert.Equal("🚨 CRITICAL critical: 1 critical, 0 warning — WebSocket listener down", lines[1]);
        Assert.Contains("🚨 CRITICAL WebSocket listener down [websocket_listener_down]", lines);
        Assert.Contains("   Symptom:    \"is_running\": false", lines);
        Assert.Contains("   Root cause: WebSocket listener down: feed 'json' connects but receives nothing.", lines);
        Assert.Contains("   Evidence:   is_running=false, feeds_not_running=[\"json\"]", lines);
        Assert.Contains("   Action:     Check listener status.", lines);
        Assert.Contains("✅ Passed (1): Redis reachable", lines);
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void Colour_is_used_only_when_asked()
    {
        using var output = new StringWriter();

        new DiagnosisPrinter(output, new TerminalStyle(enabled: true)).Print(JsonNode.Parse(Critical)!, new Uri("http://localhost:8000"));

        Assert.Contains("\u001b[31;1m🚨 CRITICAL\u001b[0m", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ok", DiagnoseExitCode.Ok)]
    [InlineData("warning", DiagnoseExitCode.Warning)]
    [InlineData("critical", DiagnoseExitCode.Critical)]
    [InlineData("nonsense", DiagnoseExitCode.Unavailable)]
    public void The_exit_code_follows_the_status(string status, int expected)
    {
        using var output = new StringWriter();
        var report = new JsonObject { ["status"] = status, ["summary"] = status, ["findings"] = new JsonArray(), ["passed"] = new JsonArray() };

        Assert.Equal(expected, new DiagnosisPrinter(output, TerminalStyle.None).Print(report, new Uri("http://localhost:8000")));
    }
}
