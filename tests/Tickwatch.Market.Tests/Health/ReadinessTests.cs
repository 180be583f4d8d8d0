using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Health;

/// <summary><c>/health</c> and <c>/health/ready</c> against the real quote hub over loopback.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(new Dictionary<string, string?>
    {
        // Only the feed the tests stall (json, Feeds:1) is given a short no-data timeout: a busy machine's pause must not take the binary one down too.
        ["Feeds:1:NoDataTimeout"] = "00:00:01",
    });

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Alive_at_once_and_ready_once_the_feeds_deliver_and_symbols_are_fresh()
    {
        var alive = JsonNode.Parse(await _system.MarketHttp.GetStringAsync(new Uri("/health", UriKind.Relative)))!;
        Assert.Equal("alive", alive["status"]!.GetValue<string>());

        var (_, body) = await Eventually.ValueAsync(ReadyAsync, r => r.Status == HttpStatusCode.OK, "the market service is ready");

        Assert.Equal("ready", body["status"]!.GetValue<string>());
        Assert.Empty(body["failing_checks"]!.AsArray());
        var checks = body["checks"]!;
        Assert.Equal(["store", "feeds", "market_data", "services"], checks.AsObject().Select(c => c.Key));
        Assert.All(checks.AsObject(), c => Assert.Equal("healthy", c.Value!["status"]!.GetValue<string>()));
        Assert.Equal("in_memory", checks["store"]!["data"]!["kind"]!.GetValue<string>());
        Assert.Equal(2, checks["feeds"]!["data"]!["feeds_running"]!.GetValue<int>());
        Assert.True(checks["market_data"]!["data"]!["freshness_rate"]!.GetValue<double>() >= 80);
    }

    [Fact]
    public async Task Not_ready_naming_the_feed_after_it_stalls()
    {
        await Eventually.ValueAsync(ReadyAsync, r => r.Status == HttpStatusCode.OK, "the market service is ready");

        await _system.InjectFaultAsync(new { kind = "stall", feed = "json" });

        var (status, body) = await Eventually.ValueAsync(ReadyAsync, r => r.Status == HttpStatusCode.ServiceUnavailable, "the stalled feed makes it not ready", TimeSpan.FromSeconds(5));
        Assert.Equal("not_ready", body["status"]!.GetValue<string>());
        Assert.Equal(["feeds"], body["failing_checks"]!.AsArray().Select(n => n!.GetValue<string>()));
        var feeds = body["checks"]!["feeds"]!;
        Assert.Equal("unhealthy", feeds["status"]!.GetValue<string>());
        Assert.StartsWith("feed json is not running", feeds["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["json"], feeds["data"]!["feeds_not_running"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("healthy", body["checks"]!["market_data"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> ReadyAsync()
    {
        using var response = await _system.MarketHttp.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
