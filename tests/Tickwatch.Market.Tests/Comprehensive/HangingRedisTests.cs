using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Tickwatch.Market.Tests.Support;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>A Redis "cluster" that accepts connections and never answers: its section times out, every other section answers, and the diagnosis says so.</summary>
public sealed class HangingRedisTests : IAsyncLifetime
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private MarketHost _market = null!;
    private Task _accepting = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _silent.Start();
        _accepting = AcceptForeverAsync();
        var port = ((IPEndPoint)_silent.LocalEndpoint).Port;
        _market = await MarketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = $"127.0.0.1:{port}",
            ["Redis:ConnectTimeout"] = "00:00:03",
            ["Redis:NodeProbeTimeout"] = "00:00:03",
            ["Market:StartDegraded"] = "true",
            ["Health:ProbeTimeout"] = "00:00:00.5",
            ["Diagnostics:SectionTimeout"] = "00:00:00.5",
        });
    }

    public async Task DisposeAsync()
    {
        await _market.DisposeAsync();
        await _stop.CancelAsync();
        _silent.Stop();
        await _accepting;
        foreach (var socket in _accepted)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task The_redis_section_times_out_while_the_others_answer_in_time()
    {
        var clock = Stopwatch.StartNew();
        var report = JsonNode.Parse(await _market.Http.GetStringAsync(new Uri("/api/debug/comprehensive", UriKind.Relative)))!;
        clock.Stop();

        var redis = report["redis_diagnostics"]!;
        Assert.Equal("timed_out", redis["status"]!.GetValue<string>());
        Assert.StartsWith("no answer within 500 ms", redis["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(redis["connected"]);
        Assert.Equal(["redis_diagnostics"], report["incomplete_sections"]!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var name in new[] { "system_info", "websocket_diagnostics", "market_data_diagnostics", "background_services", "performance_metrics", "recent_errors", "trading_diagnostics" })
        {
            Assert.Equal("ok", report[name]!["status"]!.GetValue<string>());
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the report took {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(report["system_info"]!["started_degraded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_diagnosis_reports_the_silent_section_and_the_degraded_start()
    {
        var diagnosis = JsonNode.Parse(await _market.Http.GetStringAsync(new Uri("/api/debug/diagnosis", UriKind.Relative)))!;

        var findings = diagnosis["findings"]!.AsArray().ToDictionary(f => f!["id"]!.GetValue<string>(), f => f!);
        Assert.Contains("the Redis cluster does not answer in time", findings["diagnostics_incomplete"]["root_cause"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("started degraded", findings["background_service_down"]["root_cause"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("redis_unreachable", findings.Keys);
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                _accepted.Add(await _silent.AcceptSocketAsync(_stop.Token));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
