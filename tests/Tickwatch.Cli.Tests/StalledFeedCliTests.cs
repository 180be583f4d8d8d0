using Tickwatch.Cli.Commands;
using Tickwatch.Cli.Operations;
using Tickwatch.Testing;

namespace Tickwatch.Cli.Tests;

/// <summary>A feed stall injected at the quote hub turns <c>tickwatch monitor</c> and <c>tickwatch diagnose</c> red, naming the cause.</summary>
public sealed class StalledFeedCliTests(RunningMarket market) : IClassFixture<RunningMarket>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        // A busy machine may have replaced the json connection before the stall: only a replacement after it counts.
        var before = Disconnections(await market.System.GetMarketJsonAsync("/api/debug/websocket"));
        await market.System.InjectFaultAsync(new { kind = "stall", feed = "json" });
        await Eventually.ValueAsync(
            () => market.System.GetMarketJsonAsync("/api/debug/websocket"),
            w => Disconnections(w) > before && !w["connection_status"]!["is_running"]!.GetValue<bool>(),
            "the stalled json feed has been replaced and reads down");
    }

    private static long Disconnections(System.Text.Json.Nodes.JsonNode websocket) => websocket["feeds"]!["json"]!["connection_history"]!["disconnections"]!.GetValue<long>();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_monitor_alerts_that_the_websocket_listener_is_down_and_says_why()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await MonitorCommand.RunAsync(market.Url, null, "1m", once: true, output, errors, TimeProvider.System, CancellationToken.None);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, exit);
        Assert.Equal("WebSocket: false", lines[2]);
        Assert.Equal(MonitorAlerts.WebSocketDown, lines[4]);
        Assert.Contains(lines, l => l.StartsWith("   ↳ WebSocket listener down: ", StringComparison.Ordinal) && l.Contains("(a stall)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("     → Check listener status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diagnose_exits_critical_naming_the_stalled_feed()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await DiagnoseCommand.RunAsync(market.Url, null, json: false, output, errors, TerminalStyle.None, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(DiagnoseExitCode.Critical, exit);
        Assert.Contains("🚨 CRITICAL WebSocket listener down [websocket_listener_down]", text, StringComparison.Ordinal);
        Assert.Contains("feed 'json' connects but receives nothing", text, StringComparison.Ordinal);
        Assert.Contains("the quote server stopped sending (a stall)", text, StringComparison.Ordinal);
    }
}
