using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Market.Tests.Ledger;

/// <summary>
/// The ledger's read routes under <c>/api/trading/accounts/{account}</c> on the running system with the SQLite ledger
/// on: history, deals and statement of an order's life, paging by cursor, and bad queries refused with a counter.
/// </summary>
public sealed class LedgerReadRouteTests : IAsyncLifetime
{
    private const string Account = "demo:1";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tickwatch-ledger-reads-");
    private RunningSystem _system = null!;

    private RunningSystem System => _system;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(new Dictionary<string, string?> { ["Ledger:Enabled"] = "true", ["Ledger:Path"] = Path.Combine(_folder.FullName, "ledger.db") });
        await _system.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task An_orders_life_reads_back_as_history_deals_and_a_statement_that_adds_up_to_the_accounts_balance()
    {
        var first = await OpenAndCloseAsync();
        var second = await OpenAndCloseAsync();
        await DrainedAsync(second);

        var history = await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}/history");
        var orders = history["orders"]!.AsArray();
        Assert.Equal([first, second], orders.Select(o => o!["order"]!["order_id"]!.GetValue<string>()));
        Assert.Equal("CLOSED", orders[0]!["order"]!["status"]!.GetValue<string>());
        Assert.Equal(["order_filled", "order_closed"], orders[0]!["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Null(history["next_cursor"]);

        var deals = (await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}/deals"))["deals"]!.AsArray();
        Assert.Equal([(first, "fill", "BUY"), (first, "close", "SELL"), (second, "fill", "BUY"), (second, "close", "SELL")], deals.Select(d => (d!["order_id"]!.GetValue<string>(), d["kind"]!.GetValue<string>(), d["side"]!.GetValue<string>())));
        Assert.All(deals, d => Assert.True(d!["quote"]!["book_sequence"]!.GetValue<long>() > 0));
        Assert.All(deals, d => Assert.True(d!["price"]!.GetValue<decimal>() > 0m));

        var statement = await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}/statement");
        var operations = statement["operations"]!.AsArray();
        Assert.Equal("deposit", operations[0]!["kind"]!.GetValue<string>());
        Assert.Contains(operations, o => o!["kind"]!.GetValue<string>() == "realised_pnl" && o["order_id"]!.GetValue<string>() == first);
        var opening = statement["opening_balance"]!.GetValue<decimal>();
        var closing = statement["closing_balance"]!.GetValue<decimal>();
        Assert.Equal(opening + operations.Sum(o => o!["amount"]!.GetValue<decimal>()), closing);
        Assert.Equal(closing, operations[^1]!["balance_after"]!.GetValue<decimal>());
        var balance = (await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}"))["wallet_balance"]!.GetValue<decimal>();
        Assert.Equal(balance, closing);

        // A later range opens where the whole one closes.
        var after = await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}/statement?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");
        Assert.Equal((closing, closing, 0), (after["opening_balance"]!.GetValue<decimal>(), after["closing_balance"]!.GetValue<decimal>(), after["operations"]!.AsArray().Count));
    }

    [Fact]
    public async Task History_and_deals_page_by_limit_and_cursor_and_bad_queries_are_refused_and_counted()
    {
        var first = await OpenAndCloseAsync();
        var second = await OpenAndCloseAsync();
        await DrainedAsync(second);

        var page1 = await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}/history?limit=1");
        var cursor = page1["next_cursor"]!.GetValue<string>();
        var page2 = await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}/history?limit=1&cursor={cursor}");
        Assert.Equal(first, page1["orders"]![0]!["order"]!["order_id"]!.GetValue<string>());
        Assert.Equal(second, Assert.Single(page2["orders"]!.AsArray())!["order"]!["order_id"]!.GetValue<string>());
        Assert.Null(page2["next_cursor"]);

        var dealIds = new List<string>();
        string? next = null;
        do
        {
            var page = await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}/deals?limit=3" + (next is null ? string.Empty : "&cursor=" + next));
            dealIds.AddRange(page["deals"]!.AsArray().Select(d => d!["event"]!.GetValue<string>()));
            next = page["next_cursor"]?.GetValue<string>();
        }
        while (next is not null);
        Assert.Equal(4, dealIds.Distinct().Count());

        foreach (var (query, words) in new[]
        {
            ("limit=0", "limit '0'"), ("limit=501", "limit '501'"), ("cursor=abc", "cursor 'abc'"), ("from=yesterday", "from 'yesterday'"),
            ("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from must be before to"), ("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "at most 366 days"),
        })
        {
            using var response = await System.MarketHttp.GetAsync(new Uri($"/api/trading/accounts/{Account}/history?{query}", UriKind.Relative));
            var problem = await response.Content.ReadFromJsonAsync<JsonNode>();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(words, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("INVALID_REQUEST", problem["reason"]!.GetValue<string>());
        }

        using (var badAccount = await System.MarketHttp.GetAsync(new Uri("/api/trading/accounts/nobody/statement", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badAccount.StatusCode);
        }

        var metrics = await System.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("tickwatch_ledger_reads_total{outcome=\"invalid\",route=\"history\"} 6", metrics, StringComparison.Ordinal);
        Assert.Contains("tickwatch_ledger_reads_total{outcome=\"invalid\",route=\"statement\"} 1", metrics, StringComparison.Ordinal);
        Assert.Matches(@"tickwatch_ledger_reads_total\{outcome=""ok"",route=""deals""\} [1-9]", metrics);
    }

    private async Task<string> OpenAndCloseAsync()
    {
        var (status, order) = await System.PlaceOrderAsync(Account, new { symbol = "EURUSD", type = "BUY", volume = "0.10" });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = order["order_id"]!.GetValue<string>();
        using var close = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/trading/accounts/{Account}/orders/{id}/close", UriKind.Relative)) { Content = JsonContent.Create(new { }) };
        close.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var closed = await System.MarketHttp.SendAsync(close);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        return id;
    }

    // The order's close in the books, then nothing left in the outbox: the reads see all of the account.
    private Task DrainedAsync(string lastOrder) =>
        Eventually.ValueAsync(
            async () => (await System.GetMarketJsonAsync($"/api/trading/accounts/{Account}/deals"))["deals"]!.AsArray().Count(d => d!["order_id"]!.GetValue<string>() == lastOrder),
            count => count == 2,
            "the last order's close is in the ledger");
}
