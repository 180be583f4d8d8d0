using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Trading;

/// <summary>
/// The trading routes while the trading store does not answer (a Redis master failing over, the cluster down): a 503 with
/// reason <c>STORE_UNAVAILABLE</c> that a client can retry, counted like any refusal, never a bare 500.
/// </summary>
public sealed class TradingStoreUnavailableTests
{
    [Fact]
    public async Task Orders_and_reads_on_a_store_that_does_not_answer_are_503_store_unavailable_and_counted()
    {
        // Port 1 on loopback refuses at once: the Redis Cluster is down.
        await using var system = await RunningSystem.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:1",
            ["Redis:ConnectTimeout"] = "00:00:01",
            ["Market:StartDegraded"] = "true",
        });

        using var placeRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/trading/accounts/demo:1/orders", UriKind.Relative))
        {
            Content = JsonContent.Create(new { symbol = "EURUSD", type = "BUY", volume = 0.1m }),
            Headers = { { "Idempotency-Key", "store-down-1" } },
        };
        using var place = await system.MarketHttp.SendAsync(placeRequest);
        var placed = await ProblemAsync(place);
        using var closeRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/trading/accounts/demo:1/orders/o1/close", UriKind.Relative))
        {
            Headers = { { "Idempotency-Key", "store-down-2" } },
        };
        using var close = await system.MarketHttp.SendAsync(closeRequest);
        var closed = await ProblemAsync(close);
        using var read = await system.MarketHttp.GetAsync(new Uri("/api/trading/accounts/demo:1/orders", UriKind.Relative));
        var listed = await ProblemAsync(read);

        Assert.Equal("STORE_UNAVAILABLE", placed["reason"]!.GetValue<string>());
        Assert.StartsWith("rf", placed["refusal_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("STORE_UNAVAILABLE", closed["reason"]!.GetValue<string>());
        Assert.Equal("STORE_UNAVAILABLE", listed["reason"]!.GetValue<string>());
        Assert.Null(listed["refusal_id"]);

        // The two order actions are refusals like any other: counted by reason and listed with their ids.
        var trading = await system.GetMarketJsonAsync("/api/debug/trading");
        Assert.Equal(2, trading["refusals"]!["by_reason"]!["STORE_UNAVAILABLE"]!.GetValue<long>());
        var metrics = await system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("tickwatch_trading_refusals_total{reason=\"STORE_UNAVAILABLE\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains(system.Errors.Entries, e => e.Contains("TradingRouteStoreFailed", StringComparison.Ordinal) || e.Contains("Trading route ListOrders", StringComparison.Ordinal));
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }
}
