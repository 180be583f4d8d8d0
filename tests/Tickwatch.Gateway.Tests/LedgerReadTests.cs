using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>
/// A client's books through the gateway (<c>/api/orders/history</c>, <c>deals</c>, <c>statement</c>): the market
/// service's SQLite ledger read for the token's own account only, whatever the query names, and a statement that adds
/// up to the account's balance once the writer has drained.
/// </summary>
public sealed class LedgerReadTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tickwatch-gateway-ledger-" + Guid.NewGuid().ToString("N"));
    private RunningSystem _system = null!;

    private RunningGateway Gateway => _system.Gateway!;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartWithGatewayAsync(
            new Dictionary<string, string?> { ["Ledger:Enabled"] = "true", ["Ledger:Path"] = Path.Combine(_folder, "ledger.db") },
            new Dictionary<string, string?> { ["Gateway:OrderEntry:BurstLimit"] = "1000", ["Gateway:OrderEntry:TokensPerPeriod"] = "1000" });
        await _system.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Each_client_reads_only_its_own_history_deals_and_a_statement_that_adds_up_to_its_balance()
    {
        var alice = Gateway.Token(user: "1", userType: "demo");
        var bob = Gateway.Token(user: "2", userType: "demo");
        var aliceOrder = await OpenAndCloseAsync(alice, "EURUSD");
        var bobOrder = await OpenAndCloseAsync(bob, "GBPUSD");
        foreach (var (token, order) in new[] { (alice, aliceOrder), (bob, bobOrder) })
        {
            await Eventually.ValueAsync(
                async () => (await Gateway.GetJsonAsync("/api/orders/deals", token))["deals"]?.AsArray().Count ?? 0,
                count => count == 2,
                $"the writer has put {order}'s fill and close in the ledger");
        }

        // The account is the token's: a query naming another changes nothing.
        var history = await Gateway.GetJsonAsync("/api/orders/history?account=demo:2", alice);
        Assert.Equal("demo:1", history["account"]!.GetValue<string>());
        Assert.Equal([aliceOrder], history["orders"]!.AsArray().Select(o => o!["order"]!["order_id"]!.GetValue<string>()));
        Assert.All(history["orders"]!.AsArray(), o => Assert.Equal("demo:1", o!["order"]!["account"]!.GetValue<string>()));
        var bobHistory = await Gateway.GetJsonAsync("/api/orders/history", bob);
        Assert.Equal([bobOrder], bobHistory["orders"]!.AsArray().Select(o => o!["order"]!["order_id"]!.GetValue<string>()));

        var deals = (await Gateway.GetJsonAsync("/api/orders/deals?limit=10", alice))["deals"]!.AsArray();
        Assert.All(deals, d => Assert.Equal(("EURUSD", aliceOrder), (d!["symbol"]!.GetValue<string>(), d["order_id"]!.GetValue<string>())));
        Assert.True(deals[1]!["quote"]!["book_sequence"]!.GetValue<long>() >= deals[0]!["quote"]!["book_sequence"]!.GetValue<long>());

        foreach (var (token, account) in new[] { (alice, "demo:1"), (bob, "demo:2") })
        {
            var statement = await Gateway.GetJsonAsync("/api/orders/statement", token);
            var operations = statement["operations"]!.AsArray();
            var closing = statement["closing_balance"]!.GetValue<decimal>();
            Assert.Equal(account, statement["account"]!.GetValue<string>());
            Assert.Equal(statement["opening_balance"]!.GetValue<decimal>() + operations.Sum(o => o!["amount"]!.GetValue<decimal>()), closing);
            Assert.Equal((await Gateway.GetJsonAsync("/api/orders/account", token))["wallet_balance"]!.GetValue<decimal>(), closing);
            Assert.DoesNotContain(operations, o => o!["order_id"] is JsonNode id && id.GetValue<string>() != (account == "demo:1" ? aliceOrder : bobOrder));
        }

        // A bad query is the market service's 400, as it came; no token, no books.
        using var bad = await Gateway.GetAsync("/api/orders/deals?limit=-1", alice);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("limit '-1'", (await RunningGateway.JsonAsync(bad))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        using var anonymous = await Gateway.GetAsync("/api/orders/statement");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task<string> OpenAndCloseAsync(string token, string symbol)
    {
        using var placed = await Gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol, type = "BUY", volume = "0.10" }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var id = (await RunningGateway.JsonAsync(placed))["order_id"]!.GetValue<string>();
        using var closed = await Gateway.SendAsync(HttpMethod.Post, $"/api/orders/{id}/close", token, new { }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        return id;
    }
}
