using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Tickwatch.Market.Tests.Comprehensive;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>A feed stall injected at the quote hub: the comprehensive report shows it, the diagnosis names it, and the guide's script alerts.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class StalledFeedDiagnosisTests : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(new Dictionary<string, string?>
        {
            // Only the feed the tests stall (json, Feeds:1) is given a short no-data timeout: a busy machine's pause must not take the binary one down too.
            ["Feeds:1:NoDataTimeout"] = "00:00:01",
        });
        await Eventually.ValueAsync(() => _system.GetMarketJsonAsync("/api/debug/diagnosis"), d => Finding(d, "websocket_listener_down") is null, "both listeners run");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_stall_is_diagnosed_as_a_listener_down_caused_by_the_silent_feed()
    {
        await _system.InjectFaultAsync(new { kind = "stall", feed = "json" });

        var diagnosis = await Eventually.ValueAsync(
            () => _system.GetMarketJsonAsync("/api/debug/diagnosis"),
            d => Finding(d, "websocket_listener_down")?["root_cause"]?.GetValue<string>().Contains("stall", StringComparison.Ordinal) == true,
            "the diagnosis names the stall");

        Assert.Equal("critical", diagnosis["status"]!.GetValue<string>());
        var finding = Finding(diagnosis, "websocket_listener_down")!;
        Assert.Equal("critical", finding["severity"]!.GetValue<string>());
        Assert.StartsWith("\"is_running\": false (1 of 2 feeds delivering; not running: json)", finding["symptom"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("feed 'json' connects but receives nothing", finding["root_cause"]!.GetValue<string>(), StringComparison.Ordinal);
        var json = finding["evidence"]!["json"]!;
        Assert.True(
            json["last_disconnect_reason"]?.GetValue<string>().StartsWith("no data for 1.0 s", StringComparison.Ordinal) == true || json["last_message_age"]!.GetValue<double>() > 1,
            $"the evidence shows the silence: {json}");
        Assert.Contains("POST /api/debug/services/feed_json/restart", finding["action"]!.GetValue<string>(), StringComparison.Ordinal);

        // The binary feed keeps every symbol fresh: the diagnosis does not cry stale data.
        Assert.Null(Finding(diagnosis, "stale_market_data"));
        Assert.Contains(diagnosis["passed"]!.AsArray(), p => p!["id"]!.GetValue<string>() == "stale_market_data");
    }

    [Fact]
    public async Task The_comprehensive_report_and_recent_errors_show_the_stall()
    {
        await _system.InjectFaultAsync(new { kind = "stall", feed = "json" });

        var report = await Eventually.ValueAsync(
            () => _system.GetMarketJsonAsync("/api/debug/comprehensive"),
            r => r["websocket_diagnostics"]!["feeds"]!["json"]!["disconnections"]!.GetValue<long>() > 0 && StallClosing(r) is not null,
            "the stalled feed is replaced and its closing logged");

        Assert.False(report["websocket_diagnostics"]!["connection_status"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(["json"], report["websocket_diagnostics"]!["connection_status"]!["feeds_not_running"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(report["redis_diagnostics"]!["connected"]!.GetValue<bool>());
        var closed = StallClosing(report)!;
        Assert.Equal("warning", closed["level"]!.GetValue<string>());
        Assert.Equal("Tickwatch.Feeds.Listening.FeedListener", closed["category"]!.GetValue<string>());
        Assert.StartsWith("🔌 WebSocket connection closed (feed json", closed["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guides_script_alerts_that_the_websocket_listener_is_down()
    {
        await _system.InjectFaultAsync(new { kind = "stall", feed = "json" });
        await Eventually.ValueAsync(
            () => _system.GetMarketJsonAsync("/api/debug/websocket"),
            w => !w["connection_status"]!["is_running"]!.GetValue<bool>(),
            "the json listener is down");

        var (_, output, _) = await MonitorScript.RunOneRoundAsync(_system.MarketHttp.BaseAddress!.ToString().TrimEnd('/'));

        Assert.Contains("WebSocket: false\n", output, StringComparison.Ordinal);
        Assert.Contains("🚨 ALERT: WebSocket listener down!\n", output, StringComparison.Ordinal);
    }

    // A busy machine may also close a connection for another reason first: the stall's own closing is the one sought.
    private static JsonNode? StallClosing(JsonNode report) =>
        report["recent_errors"]!["entries"]!.AsArray()
            .FirstOrDefault(e => e!["event_id"]!.GetValue<int>() == 1103 && e["message"]!.GetValue<string>().Contains("no data for 1.0 s", StringComparison.Ordinal));

    private static JsonNode? Finding(JsonNode diagnosis, string id) =>
        diagnosis["findings"]!.AsArray().FirstOrDefault(f => f!["id"]!.GetValue<string>() == id);
}
