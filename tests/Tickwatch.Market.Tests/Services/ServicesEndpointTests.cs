using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Services;

/// <summary><c>/api/debug/services</c> and its restart route on the real market service (feeds pointing nowhere).</summary>
public sealed class ServicesEndpointTests : IAsyncLifetime
{
    private MarketHost _market = null!;

    public async Task InitializeAsync() => _market = await MarketHost.StartAsync(services: s => s.AddSupervisedService(_ => TestService.Throwing("flaky")));

    public async Task DisposeAsync() => await _market.DisposeAsync();

    [Fact]
    public async Task Lists_every_background_service_with_its_state_in_snake_case()
    {
        var report = await ServicesAsync(r => r["services"]!["health_monitor"]!["state"]!.GetValue<string>() == "running", "the health monitor runs");

        var services = report["services"]!.AsObject();
        Assert.Equal(["flaky", "market_data_warmup", "feed_json", "feed_binary", "store_writer", "portfolio_calculator", "provider_connection_manager", "provider_pending_monitor", "triggers", "autocutoff", "health_monitor"], services.Select(s => s.Key));
        Assert.Equal(11, report["total_services"]!.GetValue<int>());
        var json = services["feed_json"]!;
        Assert.Equal("JSON market listener", json["display_name"]!.GetValue<string>());
        Assert.Equal("running", json["state"]!.GetValue<string>());
        Assert.Equal(0, json["restarts"]!.GetValue<int>());
        Assert.NotNull(json["started_at"]);
        Assert.True(json["uptime_seconds"]!.GetValue<double>() >= 0);
        Assert.Equal("Binary market listener", services["feed_binary"]!["display_name"]!.GetValue<string>());

        var prerequisites = report["startup"]!["prerequisites"]!.AsArray();
        Assert.Equal(["Redis cluster connectivity", "Environment variables", "Memory usage"], prerequisites.Select(p => p!["name"]!.GetValue<string>()));
        Assert.False(report["startup"]!["degraded"]!.GetValue<bool>());
        Assert.Null(report["last_health_check"]);
    }

    [Fact]
    public async Task A_faulting_service_shows_its_error_and_fails_readiness_by_name()
    {
        var report = await ServicesAsync(r => r["services"]!["flaky"]!["faults"]!.GetValue<int>() >= 1, "the flaky service has faulted");

        var flaky = report["services"]!["flaky"]!;
        Assert.StartsWith("boom", flaky["last_error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("flaky", report["not_running"]!.AsArray().Select(n => n!.GetValue<string>()));

        using var ready = await _market.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("services", body["failing_checks"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("service flaky is", body["checks"]!["services"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_route_restarts_a_service()
    {
        await ServicesAsync(r => r["services"]!["health_monitor"]!["state"]!.GetValue<string>() == "running", "the health monitor runs");

        using var response = await _market.Http.PostAsync(new Uri("/api/debug/services/health_monitor/restart", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["restarted"]!.GetValue<bool>());
        Assert.Equal(1, body["service"]!["restarts"]!.GetValue<int>());
        Assert.Equal("running", body["service"]!["state"]!.GetValue<string>());
        Assert.Equal("restart requested", body["service"]!["last_exit"]!.GetValue<string>());
        var report = await _market.Http.GetStringAsync(new Uri("/api/debug/services", UriKind.Relative));
        Assert.Equal(1, JsonNode.Parse(report)!["services"]!["health_monitor"]!["restarts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Restarting_an_unknown_service_is_a_404_problem()
    {
        using var response = await _market.Http.PostAsync(new Uri("/api/debug/services/nope/restart", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Unknown background service", problem["title"]!.GetValue<string>());
        Assert.Contains("'nope'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("health_monitor", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private Task<JsonNode> ServicesAsync(Func<JsonNode, bool> condition, string what) =>
        Eventually.ValueAsync(async () => JsonNode.Parse(await _market.Http.GetStringAsync(new Uri("/api/debug/services", UriKind.Relative)))!, condition, what);
}
