using System.Net;
using System.Net.Sockets;
using Tickwatch.Cli.Commands;
using Tickwatch.Cli.Operations;

namespace Tickwatch.Cli.Tests;

/// <summary>The operator tools against a market service that is not there, or a URL that is not one.</summary>
public sealed class UnreachableServiceCliTests
{
    private readonly string _closed = $"http://127.0.0.1:{ClosedPort()}";

    [Fact]
    public async Task Diagnose_says_the_service_cannot_be_reached_and_exits_three()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await DiagnoseCommand.RunAsync(_closed, null, json: false, output, errors, TerminalStyle.None, CancellationToken.None);

        Assert.Equal(DiagnoseExitCode.Unavailable, exit);
        Assert.Equal("", output.ToString());
        Assert.StartsWith($"❌ No diagnosis: cannot reach the market service at {_closed}/: connection refused", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_refuses_a_url_that_is_not_http()
    {
        using var errors = new StringWriter();

        var exit = await DiagnoseCommand.RunAsync("localhost:8000", null, json: false, TextWriter.Null, errors, TerminalStyle.None, CancellationToken.None);

        Assert.Equal(DiagnoseExitCode.Unavailable, exit);
        Assert.Contains("is not an http:// or https:// URL", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_monitor_round_raises_every_alert_and_says_why()
    {
        using var output = new StringWriter();

        var exit = await MonitorCommand.RunAsync(_closed, null, "60s", once: true, output, TextWriter.Null, TimeProvider.System, CancellationToken.None);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, exit);
        Assert.Equal(
            ["Redis: error", "WebSocket: false", "Data Freshness: 0%", MonitorAlerts.RedisUnhealthy, MonitorAlerts.WebSocketDown, MonitorAlerts.StaleMarketData],
            lines.Skip(1).Take(6));
        Assert.StartsWith("   ↳ cannot reach the market service", lines[7], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_monitor_refuses_a_bad_interval()
    {
        using var errors = new StringWriter();

        var exit = await MonitorCommand.RunAsync(_closed, null, "often", once: true, TextWriter.Null, errors, TimeProvider.System, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("--interval 'often' is not a positive interval", errors.ToString(), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
