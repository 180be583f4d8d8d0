using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.EndToEndTests;

/// <summary>
/// Orders through the gateway for the token's own account while the quote hub moves prices: the gateway, the market
/// service's trading engine and its seeded demo accounts on loopback, as <c>tickwatch up</c> runs them.
/// </summary>
public sealed class OrderEntryTests : IAsyncLifetime
{
    private const string Frozen = "USDCHF";

    private RunningSystem _system = null!;
    private RunningGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(new Dictionary<string, string?> { [$"Prices:Overrides:{Frozen}:MaxQuoteAge"] = "00:00:01" });
        // The retries below wait on the freeze, not on the client's order rate.
        _gateway = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MarketServiceUrl"] = _system.MarketHttp.BaseAddress!.ToString().TrimEnd('/'),
            ["Gateway:OrderEntry:BurstLimit"] = "1000",
            ["Gateway:OrderEntry:TokensPerPeriod"] = "1000",
        });
        await _system.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task A_demo_client_places_changes_and_closes_an_order_and_its_portfolio_follows()
    {
        var token = _gateway.Token(user: "1", userType: "demo");

        using var placed = await _gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol = "EURUSD", type = "BUY", volume = "0.10" }, "e2e-open");
        var order = await RunningGateway.JsonAsync(placed);
        using var repeat = await _gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol = "EURUSD", type = "BUY", volume = "0.10" }, "e2e-open");
        var id = order["order_id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(("OPEN", "demo:1"), (order["status"]!.GetValue<string>(), order["account"]!.GetValue<string>()));
        Assert.True(order["open_quote"]!["book_sequence"]!.GetValue<long>() > 0);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(id, (await RunningGateway.JsonAsync(repeat))["order_id"]!.GetValue<string>());

        var account = await _gateway.GetJsonAsync("/api/orders/account", token);
        Assert.Equal("ok", account["portfolio"]!["calc_status"]!.GetValue<string>());
        Assert.Equal(id, account["portfolio"]!["positions"]![0]!["order_id"]!.GetValue<string>());
        Assert.True(account["portfolio"]!["used_margin"]!.GetValue<decimal>() > 0m);

        var openPrice = order["open_price"]!.GetValue<decimal>();
        using var stops = await _gateway.SendAsync(HttpMethod.Patch, "/api/orders/" + id, token, new { stop_loss = openPrice * 0.9m }, "e2e-sl");
        Assert.Equal(HttpStatusCode.OK, stops.StatusCode);

        using var closed = await _gateway.SendAsync(HttpMethod.Post, $"/api/orders/{id}/close", token, new { }, "e2e-close");
        var closedOrder = await RunningGateway.JsonAsync(closed);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("CLOSED", closedOrder["status"]!.GetValue<string>());
        Assert.True(closedOrder["close_quote"]!["book_sequence"]!.GetValue<long>() >= order["open_quote"]!["book_sequence"]!.GetValue<long>());
        Assert.Empty((await _gateway.GetJsonAsync("/api/orders", token))["orders"]!.AsArray());
        var executions = (await _system.GetMarketJsonAsync("/api/debug/trading"))["last_executions"]!.AsArray();
        Assert.Contains(executions, e => e!["order_id"]!.GetValue<string>() == id && e["status"]!.GetValue<string>() == "CLOSED" && e["quote"]!["book_sequence"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Stop_orders_either_side_of_a_moving_price_trigger_on_the_next_move_and_the_filled_one_closes()
    {
        var token = _gateway.Token(user: "3", userType: "demo");
        using var probe = await _gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol = "EURUSD", type = "BUY", volume = 0.01 }, "e2e-probe");
        var quote = (await RunningGateway.JsonAsync(probe))["open_quote"]!;

        // One pip is EURUSD's half spread in group Standard; a stop a tenth of a pip beyond each side fires on the next
        // move. A stop the moving price already passed is refused with the price it would open at: try again from there.
        await PlaceStopAsync(token, "BUY_STOP", quote["ask"]!.GetValue<decimal>() + 0.00005m, 0.00001m);
        await PlaceStopAsync(token, "SELL_STOP", quote["bid"]!.GetValue<decimal>() - 0.00005m, -0.00001m);

        var filled = await Eventually.ValueAsync(
            async () => (await _gateway.GetJsonAsync("/api/orders", token))["orders"]!.AsArray()
                .FirstOrDefault(o => o!["status"]!.GetValue<string>() == "OPEN" && o["type"]!.GetValue<string>() != "BUY"),
            o => o is not null,
            "a stop is triggered by the moving price");
        Assert.NotNull(filled!["open_quote"]!["book_sequence"]);
        var id = filled["order_id"]!.GetValue<string>();

        // The order is committed before the trigger service counts its firing.
        await Eventually.ValueAsync(
            () => _system.GetMarketJsonAsync("/api/debug/trading"), t => t["triggers"]!["fired_pending"]!.GetValue<long>() >= 1, "the firing is counted");
        var metrics = await _system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Matches(@"tickwatch_trading_triggers_fired_total\{kind=""pending""\} [1-9]", metrics);
        Assert.Matches(@"tickwatch_trading_portfolios_tracked(\{\})? [1-9]", metrics);
        Assert.Matches(@"tickwatch_trading_trigger_latency_seconds\{percentile=""p99""\} \d", metrics);
        await Eventually.ValueAsync(
            () => _system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative)),
            m => Regex.IsMatch(m, @"tickwatch_trading_portfolio_recompute_latency_seconds\{percentile=""p99""\} \d"),
            "the recompute latency is exported once a held price has moved");

        using var closed = await _gateway.SendAsync(HttpMethod.Post, $"/api/orders/{id}/close", token, new { }, "e2e-stop-close");
        Assert.Equal("CLOSED", (await RunningGateway.JsonAsync(closed))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_frozen_symbol_refuses_execution_as_stale_with_its_age_and_other_accounts_orders_stay_out_of_reach()
    {
        var token = _gateway.Token(user: "2", userType: "demo");
        await _system.InjectFaultAsync(new { kind = "freeze", symbol = Frozen });

        var refused = await Eventually.ValueAsync(
            async () =>
            {
                using var response = await _gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol = Frozen, type = "SELL", volume = 0.1 }, Guid.NewGuid().ToString("N"));
                return (response.StatusCode, Body: await RunningGateway.JsonAsync(response));
            },
            r => r.StatusCode == HttpStatusCode.UnprocessableEntity,
            "the frozen symbol refuses execution");
        using var noKey = await _gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol = "EURUSD", type = "BUY", volume = 0.1 }, idempotencyKey: null);
        using var someoneElses = await _gateway.SendAsync(HttpMethod.Post, "/api/orders/0123456789abcdef0123456789abcdef/close", token, new { }, "x");

        Assert.Equal("STALE_PRICE", refused.Body["reason"]!.GetValue<string>());
        Assert.True(refused.Body["quote_age_ms"]!.GetValue<long>() > 0);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Equal("INVALID_REQUEST", (await RunningGateway.JsonAsync(noKey))["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, someoneElses.StatusCode);

        var report = await _system.GetMarketJsonAsync("/api/debug/trading");
        Assert.True(report["refusals"]!["by_reason"]!["STALE_PRICE"]!.GetValue<long>() >= 1);
        Assert.Contains(report["refusals"]!["last"]!.AsArray(), r => r!["reason"]!.GetValue<string>() == "STALE_PRICE" && r["subject"]!.GetValue<string>() == Frozen);
        Assert.True(report["seed"]!["done"]!.GetValue<bool>());
        var metrics = await _system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Matches(@"tickwatch_trading_refusals_total\{reason=""STALE_PRICE""\} [1-9]", metrics);
    }

    [Fact]
    public async Task An_operator_creates_an_account_and_group_terms_and_a_bad_one_is_refused_with_every_problem()
    {
        var market = _system.MarketHttp;

        using var bad = await market.PutAsJsonAsync(new Uri("/api/trading/accounts/live:77", UriKind.Relative), new { wallet_balance = "-1", leverage = 0, group = "Standard" });
        using var terms = await market.PutAsJsonAsync(
            new Uri("/api/trading/groups/Pro/symbols/EURUSD", UriKind.Relative),
            new { spread = 0.5, spread_pip = "0.0001", contract_size = 100000, profit = "USD", type = "forex", commission = "3.5" });
        using var created = await market.PutAsJsonAsync(new Uri("/api/trading/accounts/live:77", UriKind.Relative), new { wallet_balance = "2500.00", leverage = 200, group = "Pro" });
        var account = await RunningGateway.JsonAsync(created);
        var groups = await _system.GetMarketJsonAsync("/api/trading/groups");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = (await RunningGateway.JsonAsync(bad))["detail"]!.GetValue<string>();
        Assert.Contains("wallet_balance must not be negative", problems, StringComparison.Ordinal);
        Assert.Contains("leverage must be above 0", problems, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, terms.StatusCode);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal((2500.00m, 200m, "Pro", "ok"), (account["wallet_balance"]!.GetValue<decimal>(), account["leverage"]!.GetValue<decimal>(), account["group"]!.GetValue<string>(), account["portfolio"]!["calc_status"]!.GetValue<string>()));
        Assert.Equal(3.5m, groups["Pro"]![0]!["commission"]!.GetValue<decimal>());
    }

    private async Task PlaceStopAsync(string token, string type, decimal opening, decimal offset)
    {
        await Eventually.ValueAsync(
            async () =>
            {
                using var response = await _gateway.SendAsync(HttpMethod.Post, "/api/orders", token, new { symbol = "EURUSD", type, volume = 0.01, price = opening + offset }, Guid.NewGuid().ToString("N"));
                var body = await RunningGateway.JsonAsync(response);
                opening = body["executable_price"]?.GetValue<decimal>() ?? opening;
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Created,
            $"a {type} rests");
    }
}
