using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary><c>/market/health/ready</c> through a real gateway: cached, in full for operators and loopback, the verdict only for anyone else.</summary>
public sealed class MarketReadinessTests
{
    private const string OperatorToken = "operator-token-for-readiness-tests";

    private const string NotReady = """
        {"status":"not_ready","ready":false,"timestamp":"2026-01-05T10:00:00+00:00","failing_checks":["store"],
         "checks":{"store":{"status":"unhealthy","description":"Redis cluster is not responding: Redis Cluster at 10.0.0.5:7001 is unreachable: SocketFailure","data":{"kind":"redis_cluster","reachable":false}}}}
        """;

    [Fact]
    public async Task Many_probes_cost_one_call_and_only_operators_see_the_internal_detail()
    {
        await using var market = await MarketServiceStub.StartAsync(503, NotReady);
        await using var gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?>
            {
                ["Gateway:MarketServiceUrl"] = market.Url,
                ["Gateway:MarketHealthProbeInterval"] = "00:00:00",
                ["Gateway:MarketReadinessCacheTime"] = "01:00:00",
                ["Operator:Token"] = OperatorToken,
            },
            configure: SimulatedRemoteAddress.AddTo);
        var elsewhere = new Dictionary<string, string> { [SimulatedRemoteAddress.Header] = SimulatedRemoteAddress.Elsewhere };

        var anonymous = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => ReadAsync(gateway, null, elsewhere)));
        var withToken = await ReadAsync(gateway, OperatorToken, elsewhere);
        var loopback = await ReadAsync(gateway, null, null);

        Assert.All(anonymous, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status));
        Assert.All(anonymous, r => Assert.Equal("""{"status":"not_ready","ready":false,"failing_checks":["store"]}""", r.Body.ToJsonString()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, withToken.Status);
        Assert.Contains("10.0.0.5:7001", withToken.Body["checks"]!["store"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(loopback.Body["checks"]);
        Assert.Single(market.CorrelationIds);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> ReadAsync(RunningGateway gateway, string? token, IDictionary<string, string>? headers)
    {
        using var response = await gateway.GetAsync("/market/health/ready", token, headers);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
