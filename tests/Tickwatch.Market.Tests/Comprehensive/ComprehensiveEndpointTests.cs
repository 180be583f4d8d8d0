using System.Text.Json.Nodes;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary><c>GET /api/debug/comprehensive</c> against the running system: every section, and the guide's Step 1 fields where an operator looks.</summary>
[Collection(HealthySystem.Collection)]
public sealed class ComprehensiveEndpointTests(HealthySystem healthy)
{
    private static readonly string[] Sections =
        ["system_info", "redis_diagnostics", "websocket_diagnostics", "market_data_diagnostics", "background_services", "performance_metrics", "recent_errors"];

    [Fact]
    public async Task Every_section_answers_with_its_status_and_time()
    {
        var report = await healthy.System.GetMarketJsonAsync("/api/debug/comprehensive");

        Assert.Empty(report["incomplete_sections"]!.AsArray());
        Assert.Equal(2000, report["section_timeout_ms"]!.GetValue<double>());
        foreach (var name in Sections)
        {
            Assert.Equal("ok", report[name]!["status"]!.GetValue<string>());
            Assert.True(report[name]!["elapsed_ms"]!.GetValue<double>() >= 0, name);
        }
    }

    [Fact]
    public async Task The_guides_step_one_indicators_read_the_live_state()
    {
        var report = await healthy.System.GetMarketJsonAsync("/api/debug/comprehensive");

        Assert.True(report["redis_diagnostics"]!["connected"]!.GetValue<bool>());
        Assert.True(report["websocket_diagnostics"]!["connection_status"]!["is_running"]!.GetValue<bool>());
        var freshness = report["market_data_diagnostics"]!["data_freshness"]!;
        Assert.Empty(freshness["missing_data_symbols"]!.AsArray());
        Assert.Equal(100, freshness["freshness_rate"]!.GetValue<double>());
        Assert.Equal(58, freshness["fresh_symbols"]!.GetValue<int>());

        // Step 1 reads "connected": false as a Redis problem, so Redis's is the report's only "connected".
        Assert.Equal(["$.redis_diagnostics.connected"], Paths(report).Where(p => p.EndsWith(".connected", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_sections_carry_real_figures()
    {
        var report = await healthy.System.GetMarketJsonAsync("/api/debug/comprehensive");

        var system = report["system_info"]!;
        Assert.Equal("market", system["service"]!.GetValue<string>());
        Assert.StartsWith("0.", system["version"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, system["process_id"]!.GetValue<int>());
        Assert.True(system["uptime_seconds"]!.GetValue<double>() > 0);
        Assert.True(system["memory"]!["process_working_set_mb"]!.GetValue<double>() > 10);
        Assert.InRange(system["cpu"]!["process_percent"]!.GetValue<double>(), 0, 100);
        Assert.Equal("in_memory", system["store"]!.GetValue<string>());

        Assert.Equal("not_applicable", report["redis_diagnostics"]!["cluster_health"]!["cluster_state"]!.GetValue<string>());
        var feeds = report["websocket_diagnostics"]!["feeds"]!;
        Assert.Equal("receiving", feeds["json"]!["state"]!.GetValue<string>());
        Assert.True(feeds["binary"]!["socket_open"]!.GetValue<bool>());
        Assert.Equal("writer", feeds["json"]!["role"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(feeds["json"]!["held_by"]!.GetValue<string>()));
        Assert.Equal(100, report["websocket_diagnostics"]!["connection_history"]!["success_rate"]!.GetValue<double>());
        Assert.Equal("running", report["background_services"]!["services"]!["feed_json"]!["state"]!.GetValue<string>());
        Assert.True(report["performance_metrics"]!["feeds"]!["messages_received"]!.GetValue<long>() > 0);
        Assert.True(report["performance_metrics"]!["store_writer"]!["written"]!.GetValue<long>() > 0);
        Assert.Equal(200, report["recent_errors"]!["capacity"]!.GetValue<int>());
    }

    private static IEnumerable<string> Paths(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    yield return $"{path}.{key}";
                    foreach (var inner in Paths(value, $"{path}.{key}"))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var inner in Paths(array[i], $"{path}[{i}]"))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }
}
