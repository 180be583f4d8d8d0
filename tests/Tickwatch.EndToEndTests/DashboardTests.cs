using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;
using static Microsoft.Playwright.Assertions;

namespace Tickwatch.EndToEndTests;

/// <summary>The operator dashboard at <c>/</c>, opened in headless chromium against the quote hub and the market service on loopback.</summary>
public sealed partial class DashboardTests(ChromiumBrowser browser) : IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    private const string Frozen = "EURUSD";
    private const string Other = "GBPUSD";

    // Long enough for a loaded two-core machine; each wait ends as soon as the page shows what is expected.
    private static readonly LocatorAssertionsToHaveAttributeOptions Deadline = new() { Timeout = (float)Eventually.DefaultTimeout.TotalMilliseconds };

    private RunningSystem _system = null!;
    private BrowserPage _page = null!;

    public async Task InitializeAsync()
    {
        // EURUSD is stale one second after its last price, so a freeze shows quickly; the other symbols keep the default.
        _system = await RunningSystem.StartAsync(new Dictionary<string, string?> { [$"Prices:Overrides:{Frozen}:MaxQuoteAge"] = "00:00:01" });
        _page = await browser.OpenAsync();
        await _page.Page.GotoAsync(_system.MarketHttp.BaseAddress!.ToString());
    }

    public async Task DisposeAsync()
    {
        await _page.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task A_symbol_whose_prices_freeze_turns_stale_while_the_others_stay_fresh()
    {
        var frozen = Cell(Frozen);
        await Expect(frozen).ToHaveAttributeAsync("data-state", "fresh", Deadline);

        await _system.InjectFaultAsync(new { kind = "freeze", symbol = Frozen });

        await Expect(frozen).ToHaveAttributeAsync("data-state", "stale", Deadline);
        await Expect(frozen.Locator(".mark")).ToHaveTextAsync("S");
        await Expect(frozen).ToHaveAttributeAsync("title", StaleTitle());
        await Expect(Cell(Other)).ToHaveAttributeAsync("data-state", "fresh");
        await _page.ScreenshotAsync("dashboard-frozen-symbol");
        Assert.Empty(_page.Errors);
    }

    [Fact]
    public async Task Each_feed_has_a_rate_chart_with_points_and_every_background_service_is_listed()
    {
        foreach (var feed in new[] { "json", "binary" })
        {
            var chart = _page.Page.GetByTestId($"feed-chart-{feed}");
            await Expect(chart).ToHaveAttributeAsync("data-points", PositiveCount(), Deadline);
            await Expect(chart.Locator("canvas")).ToBeVisibleAsync();
            await Expect(_page.Page.GetByTestId($"feed-state-{feed}")).ToContainTextAsync("receiving");
        }

        foreach (var service in new[] { "market_data_warmup", "feed_json", "feed_binary", "store_writer", "health_monitor" })
        {
            await Expect(_page.Page.GetByTestId($"service-{service}")).ToBeVisibleAsync();
        }

        await Expect(_page.Page.GetByTestId("service-feed_json")).ToHaveAttributeAsync("data-state", "running", Deadline);
        await Expect(_page.Page.GetByTestId("overall-status")).ToHaveAttributeAsync("data-status", OneOf("ok", "warning", "critical"));
        await Expect(_page.Page.GetByTestId("redis-store")).ToHaveTextAsync("in-memory store");
        await Expect(_page.Page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live");
        await Expect(_page.Page.GetByTestId("last-updated")).Not.ToHaveTextAsync("never");
        await Expect(_page.Page.GetByTestId("symbol-grid").Locator("[data-symbol]")).ToHaveCountAsync(58);
        await _page.ScreenshotAsync("dashboard-healthy");
        Assert.Empty(_page.Errors);
    }

    [Fact]
    public async Task The_page_says_disconnected_when_the_market_service_stops_answering()
    {
        await Expect(_page.Page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live", Deadline);

        await _system.Market.StopAsync();

        await Expect(_page.Page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "disconnected", Deadline);
        await Expect(_page.Page.GetByTestId("disconnected-banner")).ToContainTextAsync("not answering");
        await Expect(Cell(Frozen)).ToBeVisibleAsync();
        await _page.ScreenshotAsync("dashboard-disconnected");
    }

    [Fact]
    public async Task Asked_for_the_operator_token_the_page_keeps_it_for_the_session_and_sends_it()
    {
        // From loopback the service lets the page in; the test answers as it would for a caller from elsewhere.
        string? presented = null;
        await _page.Page.RouteAsync("**/api/debug/dashboard", async route =>
        {
            if (route.Request.Headers.TryGetValue("authorization", out var authorization))
            {
                presented = authorization;
                await route.ContinueAsync();
            }
            else
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 401, ContentType = "application/problem+json", Body = """{"title":"Operator token required","status":401}""" });
            }
        });
        await _page.Page.ReloadAsync();

        await Expect(_page.Page.GetByTestId("token-form")).ToBeVisibleAsync();
        await Expect(_page.Page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "auth");
        await _page.Page.GetByTestId("token-input").FillAsync("operator-token-for-tests");
        await _page.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Connect" }).ClickAsync();

        await Expect(_page.Page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live", Deadline);
        await Expect(_page.Page.GetByTestId("token-form")).ToBeHiddenAsync();
        Assert.Equal("Bearer operator-token-for-tests", presented);
        Assert.Equal("operator-token-for-tests", await _page.Page.EvaluateAsync<string>("sessionStorage.getItem('tickwatch.operatorToken')"));
    }

    [Fact]
    public async Task A_cluster_with_a_node_down_and_a_faulted_service_are_shown_in_words_as_well_as_colours()
    {
        // The running system has the in-memory store and healthy services: the test turns its real answer into a bad day.
        await _page.Page.RouteAsync("**/api/debug/dashboard", async route =>
        {
            var response = await route.FetchAsync();
            var report = JsonNode.Parse(await response.TextAsync())!;
            report["redis"] = JsonNode.Parse("""
                {"status":"ok","elapsed_ms":1.2,"store":"redis_cluster","summary":"Redis Cluster: cluster_state fail; 2 nodes, 1 unreachable from this client.",
                 "cluster_state":"fail","ping_time_ms":0.42,"nodes":[
                  {"id":"a","host":"127.0.0.1","port":7101,"role":"master","flags":["master"],"reachable":true,"ping_ms":0.31,"used_memory_human":"2.51M","connected_clients":7,"last_error":null},
                  {"id":"b","host":"127.0.0.1","port":7102,"role":"master","flags":["master","fail"],"reachable":false,"ping_ms":null,"used_memory_human":null,"connected_clients":null,"last_error":"not connected"}]}
                """);
            var writer = report["background_services"]!["services"]!["store_writer"]!;
            writer["state"] = "faulted";
            writer["last_error"] = JsonNode.Parse("""{"message":"CLUSTERDOWN The cluster is down","type":"RedisServerException","at":"2025-03-14T09:30:00Z"}""");
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = report.ToJsonString() });
        });
        await _page.Page.ReloadAsync();

        var down = _page.Page.GetByTestId("redis-node-127.0.0.1:7102");
        await Expect(down).ToHaveAttributeAsync("data-reachable", "false", Deadline);
        await Expect(down).ToContainTextAsync("✕ no");
        await Expect(down).ToContainTextAsync("master · fail");
        await Expect(_page.Page.GetByTestId("redis-node-127.0.0.1:7101")).ToContainTextAsync("2.51M");
        await Expect(_page.Page.GetByTestId("redis-store")).ToHaveTextAsync("cluster_state fail · ping 0.42 ms");
        var writerRow = _page.Page.GetByTestId("service-store_writer");
        await Expect(writerRow).ToHaveAttributeAsync("data-state", "faulted");
        await Expect(writerRow).ToContainTextAsync("▲ faulted");
        await Expect(_page.Page.GetByText("RedisServerException: CLUSTERDOWN The cluster is down")).ToBeVisibleAsync();
        await _page.ScreenshotAsync("dashboard-problems");
    }

    [Fact]
    public async Task The_instances_panel_shows_single_mode_then_a_leased_cluster_and_a_standby_feed_in_words()
    {
        // The running system is single mode: one instance, every partition its own.
        await Expect(_page.Page.GetByTestId("instances-caption")).ToHaveTextAsync("single", new() { Timeout = Deadline.Timeout });
        await Expect(_page.Page.GetByTestId("instances-summary")).ToContainTextAsync("Single mode: this instance runs every feed and partition.");
        await Expect(_page.Page.GetByTestId("instances-table").Locator("[data-self='true']")).ToHaveCountAsync(1);

        // Leased mode, as two market services would answer: the test turns the real answer into a cluster where json is written by the other instance.
        await _page.Page.RouteAsync("**/api/debug/dashboard", async route =>
        {
            var response = await route.FetchAsync();
            var report = JsonNode.Parse(await response.TextAsync())!;
            report["instances"] = JsonNode.Parse("""
                {"status":"ok","elapsed_ms":0.8,"instance_id":"market-a","mode":"leased","at":"2026-12-07T12:00:00Z",
                 "instances":[
                  {"id":"market-a","role":"market","url":"http://10.0.0.1:8000","started_at":"2026-12-07T11:00:00Z","heartbeat_at":"2026-12-07T11:59:59.5Z","leases":{"feed:binary":4,"part:0":2},"partitions":[0,2,4,6,8,10,12,14],"feeds_connected":["binary"],"provider_connected":false},
                  {"id":"market-b","role":"market","url":"http://10.0.0.2:8000","started_at":"2026-12-07T11:00:00Z","heartbeat_at":"2026-12-07T11:59:59Z","leases":{"feed:json":7,"part:1":3},"partitions":[1,3,5,7,9,11,13,15],"feeds_connected":["json"],"provider_connected":true}],
                 "leases":[],"partitions":{"0":"market-a","1":"market-b"},"owned_partitions":[0,2,4,6,8,10,12,14],"market_instances":2,
                 "orphaned_work":0,"lease_changes":12,"fenced_writes":3,"last_lease_lost_at":null,"last_fenced_write_at":null}
                """);
            var json = report["websocket_diagnostics"]!["feeds"]!["json"]!;
            json["role"] = "standby";
            json["held_by"] = "market-b";
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = report.ToJsonString() });
        });
        await _page.Page.ReloadAsync();

        await Expect(_page.Page.GetByTestId("instances-caption")).ToHaveTextAsync("2 live · 2 market", new() { Timeout = Deadline.Timeout });
        await Expect(_page.Page.GetByTestId("instances-summary")).ToHaveAttributeAsync("data-orphaned", "0");
        await Expect(_page.Page.GetByTestId("instances-summary")).ToContainTextAsync("orphaned work 0 · fenced writes 3");
        await Expect(_page.Page.GetByTestId("instance-market-a")).ToContainTextAsync("market-a (this)");
        await Expect(_page.Page.GetByTestId("instance-market-b")).ToContainTextAsync("json");
        await Expect(_page.Page.GetByTestId("instance-market-b")).ToHaveAttributeAsync("data-self", "false");
        await Expect(_page.Page.GetByTestId("feed-state-json")).ToHaveTextAsync("● standby · held by market-b");
        await Expect(_page.Page.GetByTestId("feed-json")).ToHaveAttributeAsync("data-role", "standby");
        await _page.ScreenshotAsync("dashboard-instances");
        Assert.Empty(_page.Errors);
    }

    [Fact]
    public async Task With_no_trading_activity_the_trading_panel_says_so_and_shows_no_figures()
    {
        var panel = _page.Page.GetByTestId("trading-panel");

        await Expect(panel).ToHaveAttributeAsync("data-state", "idle", Deadline);
        await Expect(_page.Page.GetByTestId("trading-empty")).ToHaveTextAsync(new Regex("^No trading activity since the service started"));
        await Expect(_page.Page.GetByTestId("trading-caption")).ToHaveTextAsync("in-memory store");
        await Expect(_page.Page.GetByTestId("trading-executions")).ToBeHiddenAsync();
        await Expect(_page.Page.GetByTestId("trading-orders")).ToBeHiddenAsync();
        Assert.Empty(_page.Errors);
    }

    [Fact]
    public async Task A_fill_and_a_stale_price_refusal_show_on_the_trading_panel_as_the_trading_api_answered_them()
    {
        // The stale refusal first: the tries before the freeze shows fill, and the fill this test follows must be the newest.
        await _system.InjectFaultAsync(new { kind = "freeze", symbol = Frozen });
        await Eventually.ValueAsync(
            () => _system.PlaceOrderAsync("demo:2", new { symbol = Frozen, type = "SELL", volume = "0.1" }),
            answer => answer.Body["reason"]?.GetValue<string>() == "STALE_PRICE",
            "the frozen symbol refuses execution as stale");
        var (status, order) = await _system.PlaceOrderAsync("demo:1", new { symbol = Other, type = "BUY", volume = "0.10" });
        Assert.Equal(HttpStatusCode.Created, status);

        await Expect(_page.Page.GetByTestId("trading-panel")).ToHaveAttributeAsync("data-state", "active", Deadline);
        var newest = _page.Page.GetByTestId("trading-executions").GetByTestId("execution").First;
        await Expect(newest).ToHaveAttributeAsync("data-order", order["order_id"]!.GetValue<string>(), Deadline);
        await Expect(newest.GetByTestId("execution-symbol")).ToHaveTextAsync(order["symbol"]!.GetValue<string>());
        await Expect(newest.GetByTestId("execution-price")).ToHaveTextAsync(AsTheApiWroteIt(order["open_price"]!));
        await Expect(newest).ToContainTextAsync("demo:1");
        await Expect(newest).ToContainTextAsync(order["open_quote"]!["book_sequence"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture));

        var stale = _page.Page.GetByTestId("refusal-STALE_PRICE");
        await Expect(stale).ToHaveAttributeAsync("data-price-guard", "true");
        await Expect(stale).ToContainTextAsync("price guard");
        await Expect(_page.Page.GetByTestId("trading-last-refusal")).ToContainTextAsync($"{Frozen} — STALE_PRICE");
        await Expect(_page.Page.GetByTestId("trading-refusal-rate")).ToHaveAttributeAsync("data-refusals", PositiveCount(), Deadline);
        await Expect(_page.Page.GetByTestId("trading-fills")).Not.ToHaveTextAsync("0");
        await _page.ScreenshotAsync("dashboard-trading");
        Assert.Empty(_page.Errors);
    }

    [Fact]
    public async Task A_trading_section_that_timed_out_or_is_not_there_is_said_in_words_without_figures()
    {
        var answer = "timed_out";
        await _page.Page.RouteAsync("**/api/debug/dashboard", async route =>
        {
            var response = await route.FetchAsync();
            var report = JsonNode.Parse(await response.TextAsync())!.AsObject();
            if (answer == "timed_out")
            {
                report["trading"] = JsonNode.Parse("""{"status":"timed_out","elapsed_ms":2000.3,"error":"no answer within 2000 ms (Diagnostics:SectionTimeout)"}""");
            }
            else
            {
                report.Remove("trading");
            }

            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = report.ToJsonString() });
        });
        await _page.Page.ReloadAsync();

        var panel = _page.Page.GetByTestId("trading-panel");
        await Expect(panel).ToHaveAttributeAsync("data-state", "unavailable", Deadline);
        await Expect(_page.Page.GetByTestId("trading-empty")).ToContainTextAsync("no answer within 2000 ms");
        await Expect(_page.Page.GetByTestId("trading-orders")).ToBeHiddenAsync();

        answer = "absent";
        await Expect(panel).ToHaveAttributeAsync("data-state", "absent", Deadline);
        await Expect(_page.Page.GetByTestId("trading-empty")).ToContainTextAsync("not hosted");
        Assert.Empty(_page.Errors);
    }

    private ILocator Cell(string symbol) => _page.Page.GetByTestId($"symbol-{symbol}");

    // The decimal the API wrote, as a JSON reader reads it back: its digits without trailing zeros (1.27340 is 1.2734).
    private static string AsTheApiWroteIt(JsonNode price) => price.GetValue<decimal>().ToString("G29", CultureInfo.InvariantCulture);

    private static Regex OneOf(params string[] values) => new($"^({string.Join('|', values)})$");

    [GeneratedRegex("^[1-9][0-9]*$")]
    private static partial Regex PositiveCount();

    [GeneratedRegex($"^{Frozen}: stale · last price .* old \\(limit 1\\.0 s\\)")]
    private static partial Regex StaleTitle();
}
