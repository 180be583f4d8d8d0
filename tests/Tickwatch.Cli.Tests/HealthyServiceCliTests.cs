using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Cli.Commands;
using Tickwatch.Cli.Operations;
using Tickwatch.Testing;

namespace Tickwatch.Cli.Tests;

/// <summary><c>tickwatch monitor</c> and <c>tickwatch diagnose</c> against a healthy market service on the in-memory store.</summary>
public sealed class HealthyServiceCliTests(RunningMarket market) : IClassFixture<RunningMarket>
{
    [Fact]
    public async Task One_monitor_round_prints_the_guides_lines_without_an_alert()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await MonitorCommand.RunAsync(market.Url, null, "60s", once: true, output, errors, TimeProvider.System, CancellationToken.None);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exit);
        Assert.Matches(@"^=== \w{3} \w{3} \d{1,2} \d{2}:\d{2}:\d{2} UTC \d{4} ===$", lines[0]);
        Assert.Equal(["Redis: not_applicable", "WebSocket: true", "Data Freshness: 100%"], lines.Skip(1));
        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public async Task The_monitor_runs_a_round_every_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var output = new ConcurrentStringWriter();
        using var stop = new CancellationTokenSource();
        using var client = new OperatorClient(new Uri(market.Url), null, TimeSpan.FromSeconds(10));
        var runner = new MonitorRunner(client, output, time);

        var running = runner.RunAsync(TimeSpan.FromMinutes(1), once: false, stop.Token);
        await Eventually.UntilAsync(() => Rounds(output) == 1, "the first round is printed at once");
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, Rounds(output));
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => Rounds(output) == 2, "a second round a minute later");
        await stop.CancelAsync();

        Assert.Equal(0, await running);
    }

    [Fact]
    public async Task Diagnose_as_json_prints_the_endpoints_body_and_exits_by_its_status()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await DiagnoseCommand.RunAsync(market.Url, null, json: true, output, errors, TerminalStyle.None, CancellationToken.None);

        var report = JsonNode.Parse(output.ToString())!;
        Assert.Equal(DiagnoseExitCode.Of(report["status"]!.GetValue<string>()), exit);
        Assert.DoesNotContain(report["findings"]!.AsArray(), f => f!["severity"]!.GetValue<string>() == "critical");
        Assert.Contains(report["passed"]!.AsArray(), p => p!["id"]!.GetValue<string>() == "websocket_listener_down");
    }

    private static int Rounds(ConcurrentStringWriter output) => output.ToString().Split(Environment.NewLine).Count(l => l.StartsWith("=== ", StringComparison.Ordinal));
}
