using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>The guide's first command, <c>curl -X GET http://localhost:3000/api/debug/python-health</c>, against a real market service and stand-ins.</summary>
public sealed class MarketHealthTests
{
    private const string PythonHealth = "/api/debug/python-health";

    [Fact]
    public async Task Python_health_reports_the_market_service_ready_then_fails_fast_once_it_is_down()
    {
        await using var system = await RunningSystem.StartAsync();
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:MarketServiceUrl"] = system.Market.Urls.First() });

        var ready = await Eventually.ValueAsync(
            () => HealthAsync(gateway, PythonHealth), r => r.Body["status"]?.GetValue<string>() == "ready", "the market service is ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.True(ready.Body["success"]!.GetValue<bool>());
        Assert.Equal(200, ready.Body["http_status"]!.GetValue<int>());
        Assert.True(ready.Body["latency_ms"]!.GetValue<double>() > 0);
        var market = ready.Body["market_service"]!;
        Assert.True(market["redis"]!["connected"]!.GetValue<bool>());
        Assert.Equal("in_memory", market["redis"]!["kind"]!.GetValue<string>());
        Assert.True(market["feeds"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(2, market["feeds"]!["total"]!.GetValue<int>());
        var data = market["market_data"]!;
        Assert.True(data["freshness_rate"]!.GetValue<double>() >= 80);
        Assert.True(
            data["missing_data_symbols"]!.AsArray().Count <= data["total_symbols"]!.GetValue<int>() - data["fresh_symbols"]!.GetValue<int>(),
            "only symbols that are not fresh are listed as missing");

        var alias = await HealthAsync(gateway, "/api/debug/market-service-health");
        Assert.Equal("ready", alias.Body["status"]!.GetValue<string>());

        await system.Market.StopAsync();
        var down = await HealthAsync(gateway, PythonHealth);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.False(down.Body["success"]!.GetValue<bool>());
        Assert.Equal("unreachable", down.Body["status"]!.GetValue<string>());
        Assert.StartsWith("market service unreachable: cannot connect", down.Body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(down.Body["market_service"]);
        // Well within the 5 s the market service would be given to answer: a closed port is not waited for.
        Assert.True(down.Elapsed < TimeSpan.FromSeconds(4), $"answered after {down.Elapsed}");
    }

    [Fact]
    public async Task Python_health_gives_up_after_its_timeout_when_the_market_service_does_not_answer()
    {
        await using var market = await MarketServiceStub.StartAsync(200, "{}", hang: true);
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MarketServiceUrl"] = market.Url,
            ["Gateway:MarketHealthTimeout"] = "00:00:00.5",
        });

        var result = await HealthAsync(gateway, PythonHealth);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, result.Status);
        Assert.False(result.Body["success"]!.GetValue<bool>());
        Assert.Equal("timeout", result.Body["status"]!.GetValue<string>());
        Assert.Equal("market service timeout: no answer within 0.5 s", result.Body["error"]!.GetValue<string>());
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public async Task Python_health_shows_a_market_service_that_answers_but_is_not_ready_and_why()
    {
        const string NotReady = """
            {"status":"not_ready","ready":false,"timestamp":"2026-01-05T10:00:00+00:00","failing_checks":["store","feeds"],
             "checks":{
               "store":{"status":"unhealthy","description":"Redis cluster is not responding: timeout","data":{"kind":"redis_cluster","reachable":false}},
               "feeds":{"status":"unhealthy","description":"feed json is not running","data":{"feeds_running":1,"feeds_total":2,"feeds_not_running":["json"]}},
               "market_data":{"status":"unhealthy","description":"too few","data":{"fresh_symbols":20,"total_symbols":58,"freshness_rate":34.5,"stale_symbols":["EURUSD"],"missing_symbols":["GBPUSD"]}}}}
            """;
        await using var market = await MarketServiceStub.StartAsync(503, NotReady);
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:MarketServiceUrl"] = market.Url });

        var result = await HealthAsync(gateway, PythonHealth);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.True(result.Body["success"]!.GetValue<bool>());
        Assert.False(result.Body["healthy"]!.GetValue<bool>());
        Assert.Equal("not_ready", result.Body["status"]!.GetValue<string>());
        Assert.Equal(503, result.Body["http_status"]!.GetValue<int>());
        Assert.Equal("market service not ready: store, feeds", result.Body["error"]!.GetValue<string>());
        var summary = result.Body["market_service"]!;
        Assert.False(summary["redis"]!["connected"]!.GetValue<bool>());
        Assert.False(summary["feeds"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(["json"], summary["feeds"]!["not_running"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(34.5, summary["market_data"]!["freshness_rate"]!.GetValue<double>());
        Assert.Equal(["GBPUSD"], summary["market_data"]!["missing_data_symbols"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task The_correlation_id_of_a_request_is_echoed_and_carried_to_the_market_service()
    {
        await using var market = await MarketServiceStub.StartAsync(200, """{"status":"ready","ready":true,"failing_checks":[],"checks":{}}""");
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:MarketServiceUrl"] = market.Url });

        using var mine = await gateway.GetAsync(PythonHealth, headers: new Dictionary<string, string> { ["X-Correlation-Id"] = "guide-step-1" });
        using var made = await gateway.GetAsync(PythonHealth, headers: new Dictionary<string, string> { ["X-Correlation-Id"] = "not ok: spaces" });

        Assert.Equal("guide-step-1", mine.Headers.GetValues("X-Correlation-Id").Single());
        var generated = made.Headers.GetValues("X-Correlation-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", generated);
        Assert.Equal(["guide-step-1", generated], market.CorrelationIds);
    }

    [Fact]
    public async Task A_market_service_address_where_nothing_listens_is_reported_unreachable_at_once()
    {
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:MarketServiceUrl"] = $"http://127.0.0.1:{ClosedPort()}" });

        var result = await HealthAsync(gateway, PythonHealth);

        Assert.Equal("unreachable", result.Body["status"]!.GetValue<string>());
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(4), $"answered after {result.Elapsed}");
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body, TimeSpan Elapsed)> HealthAsync(RunningGateway gateway, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await gateway.GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, body, Stopwatch.GetElapsedTime(started));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
