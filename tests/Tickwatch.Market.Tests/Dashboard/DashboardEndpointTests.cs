using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Tickwatch.Market.Tests.Comprehensive;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Dashboard;

/// <summary><c>GET /api/debug/dashboard</c> and the page's files, against the running system (no browser).</summary>
[Collection(HealthySystem.Collection)]
public sealed class DashboardEndpointTests(HealthySystem healthy)
{
    private static readonly string[] SymbolStates = ["fresh", "stale", "missing", "warmup"];

    private HttpClient Http => healthy.System.MarketHttp;

    [Fact]
    public async Task The_data_holds_the_diagnosis_feeds_symbols_store_services_and_trading_in_one_compact_body()
    {
        using var response = await Http.GetAsync(new Uri("/api/debug/dashboard", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var report = JsonNode.Parse(body)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.DoesNotContain('\n', body);
        Assert.Contains(report["diagnosis"]!["status"]!.GetValue<string>(), new[] { "ok", "warning", "critical" });
        Assert.NotNull(report["diagnosis"]!["findings"]!.AsArray());
        Assert.Empty(report["incomplete_sections"]!.AsArray());

        // In the configured order: binary first, as `tickwatch up` lists the hub's feeds.
        var websocket = report["websocket_diagnostics"]!;
        Assert.Equal("ok", websocket["status"]!.GetValue<string>());
        Assert.Equal(["binary", "json"], websocket["feeds"]!.AsObject().Select(f => f.Key));
        Assert.Equal("receiving", websocket["feeds"]!["json"]!["state"]!.GetValue<string>());

        var symbols = report["symbols"]!.AsArray();
        Assert.Equal(58, symbols.Count);
        Assert.All(symbols, s => Assert.Contains(s!["state"]!.GetValue<string>(), SymbolStates));
        var eurusd = symbols.Single(s => s!["symbol"]!.GetValue<string>() == "EURUSD")!;
        Assert.Equal("forex", eurusd["kind"]!.GetValue<string>());
        Assert.Equal(10, eurusd["max_quote_age_seconds"]!.GetValue<double>());
        Assert.True(eurusd["bid"]!.GetValue<decimal>() < eurusd["ask"]!.GetValue<decimal>());
        Assert.InRange(eurusd["age_seconds"]!.GetValue<double>(), 0, 60);

        var redis = report["redis"]!;
        Assert.Equal("ok", redis["status"]!.GetValue<string>());
        Assert.Equal("in_memory", redis["store"]!.GetValue<string>());
        Assert.Equal("not_applicable", redis["cluster_state"]!.GetValue<string>());
        Assert.Empty(redis["nodes"]!.AsArray());

        var services = report["background_services"]!;
        Assert.Equal("ok", services["status"]!.GetValue<string>());
        Assert.Equal("running", services["services"]!["feed_json"]!["state"]!.GetValue<string>());
        Assert.Equal("Health monitor", services["services"]!["health_monitor"]!["display_name"]!.GetValue<string>());

        // Figures and rows: DashboardTradingTests and the panel's unit tests.
        var trading = report["trading"]!;
        Assert.Equal("ok", trading["status"]!.GetValue<string>());
        Assert.Equal("in_memory", trading["store"]!.GetValue<string>());
        Assert.Contains(trading["triggers"]!["state"]!.GetValue<string>(), new[] { "loading", "running" });
    }

    [Fact]
    public async Task The_rate_history_gains_a_point_a_second_for_each_feed()
    {
        var history = await Eventually.ValueAsync(
            async () => (await healthy.System.GetMarketJsonAsync("/api/debug/dashboard"))["rate_history"]!,
            h => h["times"]!.AsArray().Count >= 2 && h["feeds"]!["json"]!["messages_per_second"]!.AsArray().Any(r => r?.GetValue<double>() > 0),
            "the history has points, and json delivered messages in one of them");

        var times = history["times"]!.AsArray().Select(t => t!.GetValue<double>()).ToList();
        Assert.Equal(1, history["interval_seconds"]!.GetValue<double>());
        Assert.Equal(times.Order(), times);
        // A tick the loaded machine delays is followed by one at once (the timer keeps its beat), so two points can sit
        // closer than the interval; they are never the same instant and never far apart.
        Assert.InRange(times[^1] - times[^2], 0.001, 5);
        foreach (var feed in new[] { "json", "binary" })
        {
            var series = history["feeds"]![feed]!;
            Assert.Equal(times.Count, series["messages_per_second"]!.AsArray().Count);
            Assert.Equal("receiving", series["states"]!.AsArray()[^1]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_page_is_served_at_the_root_with_its_files_and_no_outside_source()
    {
        using var page = await Http.GetAsync(new Uri("/", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        foreach (var (path, mediaType) in new[]
        {
            ("/dashboard/dashboard.js", "text/javascript"),
            ("/dashboard/dashboard.css", "text/css"),
            ("/dashboard/vendor/uPlot.iife.min.js", "text/javascript"),
            ("/dashboard/vendor/uPlot.min.css", "text/css"),
        })
        {
            Assert.Contains($"\"{path}\"", html, StringComparison.Ordinal);
            using var file = await Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(mediaType, file.Content.Headers.ContentType!.MediaType);
            Assert.True((await file.Content.ReadAsByteArrayAsync()).Length > 100, path);
        }

        // The vendored library's licence travels with it.
        Assert.Contains("MIT License", await Http.GetStringAsync(new Uri("/dashboard/vendor/uPlot.LICENSE", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_the_browser_has_is_not_sent_again_and_an_unknown_one_is_not_found()
    {
        using var first = await Http.GetAsync(new Uri("/dashboard/dashboard.js", UriKind.Relative));
        var tag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard/dashboard.js", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(tag.Tag));
        using var revalidated = await Http.SendAsync(again);
        using var unknown = await Http.GetAsync(new Uri("/dashboard/nothing-here.js", UriKind.Relative));

        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
