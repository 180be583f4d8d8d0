using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Simulators.ExecGateway;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Trading;

/// <summary><c>GET /api/debug/provider</c> and the comprehensive report's <c>provider</c> section on the running system, linked to a real execution gateway.</summary>
public sealed class ProviderDebugEndpointTests
{
    [Fact]
    public async Task The_route_shows_the_link_connected_to_the_gateway_with_its_figures_and_the_comprehensive_report_has_it()
    {
        var options = new ExecGatewayOptions { Port = 0, ControlPort = 0, Seed = 7 };
        options.PriceFeed.Url = null;
        await using var gateway = ExecGatewayHost.Build(options, null, NullLoggerFactory.Instance);
        await gateway.StartAsync();
        var link = ExecGatewayHost.GetLinkEndPoint(gateway);
        await using var system = await RunningSystem.StartAsync(new Dictionary<string, string?>
        {
            ["ProviderLink:Enabled"] = "true",
            ["ProviderLink:Host"] = link.Address.ToString(),
            ["ProviderLink:Port"] = link.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var provider = await Eventually.ValueAsync(
            () => system.GetMarketJsonAsync("/api/debug/provider"),
            p => p["state"]!.GetValue<string>() == "connected",
            "the link has connected to the gateway");

        Assert.Equal($"tcp://{link.Address}:{link.Port}", provider["endpoint"]!.GetValue<string>());
        Assert.NotNull(provider["connected_since"]);
        Assert.Equal(0, provider["queue_depth"]!.GetValue<int>());
        Assert.Equal(0, provider["frame_errors"]!["oversized"]!.GetValue<long>());
        Assert.Empty(provider["in_flight"]!.AsArray());
        Assert.Empty(provider["last_reports"]!.AsArray());

        var comprehensive = await system.GetMarketJsonAsync("/api/debug/comprehensive");
        Assert.Equal("ok", comprehensive["provider"]!["status"]!.GetValue<string>());
        Assert.Equal("connected", comprehensive["provider"]!["state"]!.GetValue<string>());

        // The pending monitor's state, in the route and in the comprehensive report's provider section.
        var watching = await Eventually.ValueAsync(
            () => system.GetMarketJsonAsync("/api/debug/comprehensive"),
            c => c["provider"]?["pending_monitor"]?["last_pass_at"] is not null && c["provider"]!["pending_monitor"]!["scans"]!.GetValue<long>() >= 1,
            "the pending monitor has scanned the store and passed");
        var monitor = watching["provider"]!["pending_monitor"]!;
        Assert.Equal(0, monitor["watched"]!.GetValue<int>());
        Assert.Empty(monitor["watched_orders"]!.AsArray());
        Assert.Equal(0L, monitor["cancels_sent"]!.GetValue<long>());
        Assert.Empty(monitor["holding"]!.AsArray());
        Assert.Equal(0d, monitor["oldest_hold_seconds"]!.GetValue<double>());
        Assert.Equal(["cancels_used", "degraded_portfolio", "link_down", "market_closed", "stale_price"], monitor["holds_by_reason"]!.AsObject().Select(e => e.Key));
        Assert.NotNull(monitor["recent"]!.AsArray());
        Assert.NotNull((await system.GetMarketJsonAsync("/api/debug/provider"))["pending_monitor"]!["last_scan_at"]);

        // The ProviderPendingMonitorHeld alert's command works as written (the port aside).
        var (exit, output, errors) = await Comprehensive.Bash.RunAsync(
            $"curl -s {system.MarketHttp.BaseAddress}api/debug/provider | jq -e '.pending_monitor | {{holding, holds_by_reason, recent: .recent[:10]}}'", TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, output + errors);
        Assert.Contains("\"holds_by_reason\"", output, StringComparison.Ordinal);

        // The same figures on /metrics, for the alerts.
        var metrics = await system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Matches(@"tickwatch_provider_pending_oldest_hold_seconds(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_provider_pending_holding_orders(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_provider_pending_held_total\{reason=""stale_price""\} 0\n", metrics);
        Assert.Matches(@"tickwatch_provider_link_up(\{\})? 1\n", metrics);
        Assert.Matches(@"tickwatch_provider_stuck_orders(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_provider_oldest_awaiting_seconds(\{\})? 0\n", metrics);
        Assert.Matches(@"tickwatch_provider_reports_total\{outcome=""applied""\} 0\n", metrics);
        Assert.Matches(@"tickwatch_provider_frame_errors_total\{category=""oversized""\} 0\n", metrics);
        await gateway.StopAsync();
    }
}
