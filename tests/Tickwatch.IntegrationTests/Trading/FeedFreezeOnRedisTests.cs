using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Tickwatch.IntegrationTests.Redis;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.IntegrationTests.Trading;

/// <summary>
/// The trading engine on the loopback Redis Cluster while the quote hub freezes a symbol: executions on it are refused
/// as stale and the holder's stored portfolio is degraded with no figures; both recover when the feed moves again.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class FeedFreezeOnRedisTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private const string Frozen = "GBPUSD";

    public Task InitializeAsync() => cluster.EnsureHealthyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_frozen_symbol_refuses_execution_and_degrades_the_stored_portfolio_and_both_recover_when_it_moves_again()
    {
        await using var system = await RunningSystem.StartAsync(new Dictionary<string, string?> { ["Redis:Configuration"] = cluster.Cluster.Seeds });
        var account = $"live:{Random.Shared.Next(100_000, 1_000_000)}";
        var portfolioKey = $"user_portfolio:{{{account}}}";
        var database = (await cluster.Connection.GetAsync(default)).GetDatabase();
        using var created = await system.MarketHttp.PutAsJsonAsync(
            new Uri($"/api/trading/accounts/{account}", UriKind.Relative), new { wallet_balance = "10000.00", leverage = 100, group = "Standard" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var (opened, _) = await Eventually.ValueAsync(() => PlaceAsync(system, account), r => r.Status == HttpStatusCode.Created, "a BUY on the live symbol fills");
        Assert.Equal(HttpStatusCode.Created, opened);
        await Eventually.ValueAsync(() => database.HashGetAllAsync(portfolioKey), h => Field(h, "calc_status") == "ok" && Field(h, "margin_level") is not null, "the stored portfolio is valued");

        await system.InjectFaultAsync(new { kind = "freeze", symbol = Frozen });

        var degraded = await Eventually.ValueAsync(() => database.HashGetAllAsync(portfolioKey), h => Field(h, "calc_status") == "degraded", "the stored portfolio degrades");
        Assert.Contains(Frozen, Field(degraded, "degraded_symbols"), StringComparison.Ordinal);
        Assert.Null(Field(degraded, "margin_level"));
        Assert.Null(Field(degraded, "equity"));
        var (refusedStatus, refused) = await PlaceAsync(system, account);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedStatus);
        Assert.Equal("STALE_PRICE", refused["reason"]!.GetValue<string>());
        var report = await system.GetMarketJsonAsync("/api/debug/trading");
        Assert.Contains(
            report["portfolios"]!["degraded_portfolios"]!.AsArray(),
            p => p!["account"]!.GetValue<string>() == account && p["symbols"]!.GetValue<string>().Contains(Frozen, StringComparison.Ordinal));

        using (await system.HubHttp.DeleteAsync(new Uri("/control/faults", UriKind.Relative)))
        {
        }

        var recovered = await Eventually.ValueAsync(
            () => database.HashGetAllAsync(portfolioKey), h => Field(h, "calc_status") == "ok" && Field(h, "margin_level") is not null, "the stored portfolio is valued again");
        Assert.Null(Field(recovered, "degraded_symbols"));
        Assert.True(decimal.Parse(Field(recovered, "equity")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var (again, _) = await Eventually.ValueAsync(() => PlaceAsync(system, account), r => r.Status == HttpStatusCode.Created, "executions resume");
        Assert.Equal(HttpStatusCode.Created, again);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PlaceAsync(RunningSystem system, string account)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/trading/accounts/{account}/orders", UriKind.Relative))
        {
            Content = JsonContent.Create(new { symbol = Frozen, type = "BUY", volume = 0.1 }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await system.MarketHttp.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string? Field(HashEntry[] hash, string name) => hash.FirstOrDefault(e => e.Name == name) is { Name.HasValue: true } entry ? entry.Value.ToString() : null;
}
