using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Core.Prices;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.IntegrationTests.Metrics;

/// <summary><c>GET /metrics</c> of the market service running against the quote hub, read with a strict parser of the Prometheus text format.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Only the feed the tests stall (json, Feeds:1) is given a short no-data timeout: a busy machine's pause must not take the binary one down too.
        ["Feeds:1:NoDataTimeout"] = "00:00:01",
        ["Health:Interval"] = "00:00:00.200",
    };

    // The ledger is on (a SQLite file of this test's own), so its writer's figures are on /metrics for the dashboard's row.
    private readonly string _ledgerFolder = Path.Combine(Path.GetTempPath(), "tickwatch-metrics-ledger-" + Guid.NewGuid().ToString("N"));

    private RunningSystem _system = null!;

    public async Task InitializeAsync() =>
        _system = await RunningSystem.StartAsync(new Dictionary<string, string?>(Settings)
        {
            ["Ledger:Enabled"] = "true",
            ["Ledger:Path"] = Path.Combine(_ledgerFolder, "ledger.db"),
        });

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        if (Directory.Exists(_ledgerFolder))
        {
            Directory.Delete(_ledgerFolder, recursive: true);
        }
    }

    [Fact]
    public async Task The_scrape_parses_as_prometheus_text_and_reports_the_flowing_prices()
    {
        var symbols = _system.Market.Services.GetRequiredService<PriceBook>().Symbols.Count;
        var metrics = await ScrapeUntilAsync(
            m => m.Series("tickwatch_feed_messages_total").Count(s => s.Value > 0) == 2
                && m.Single("tickwatch_symbols", ("freshness", "fresh")).Value == symbols
                && m.Series("tickwatch_store_writes_total").Any(s => s.Label("outcome") == "written" && s.Value > 0)
                && m.Series("tickwatch_store_up").Any(),
            "both feeds deliver, every symbol is fresh, prices are written and the store has been probed");

        Assert.Equal("counter", metrics.FamilyTypes["tickwatch_feed_messages_total"]);
        Assert.Equal("gauge", metrics.FamilyTypes["tickwatch_feed_last_message_age_seconds"]);
        foreach (var feed in new[] { "json", "binary" })
        {
            Assert.True(metrics.Single("tickwatch_feed_updates_total", ("feed", feed)).Value > 0);
            Assert.True(metrics.Single("tickwatch_feed_received_bytes_total", ("feed", feed)).Value > 0);
            Assert.Equal(1, metrics.Single("tickwatch_feed_running", ("feed", feed)).Value);
            Assert.Equal(1, metrics.Single("tickwatch_feed_connected", ("feed", feed)).Value);
            Assert.Equal(1, metrics.Single("tickwatch_feed_connection_attempts_total", ("feed", feed), ("outcome", "success")).Value);
            Assert.Equal(0, metrics.Single("tickwatch_feed_reconnects_total", ("feed", feed)).Value);
            Assert.InRange(metrics.Single("tickwatch_feed_last_message_age_seconds", ("feed", feed)).Value, 0, 1);
            Assert.Equal(Tickwatch.Feeds.Codecs.ParseErrorCategoryNames.Count, metrics.Series("tickwatch_feed_parse_errors_total").Count(s => s.Label("feed") == feed));
        }

        Assert.Equal(0, metrics.Single("tickwatch_symbols", ("freshness", "stale")).Value);
        Assert.Equal(0, metrics.Single("tickwatch_symbols", ("freshness", "missing")).Value);
        Assert.Equal(symbols, metrics.Series("tickwatch_quote_age_seconds").Count());
        Assert.All(
            metrics.Series("tickwatch_quote_age_seconds"),
            age => Assert.InRange(age.Value, 0, metrics.Single("tickwatch_quote_max_age_seconds", ("symbol", age.Label("symbol"))).Value));
        Assert.True(metrics.Single("tickwatch_book_updates_total", ("outcome", "accepted")).Value > 0);
        Assert.Equal(1, metrics.Single("tickwatch_store_up").Value);

        // The writer's latency window holds real writes: percentiles are numbers, in order.
        var tickToStore = metrics.Series("tickwatch_store_write_latency_seconds").Where(s => s.Label("stage") == "tick_to_store").ToDictionary(s => s.Label("percentile"), s => s.Value);
        Assert.Equal(["max", "p50", "p90", "p99", "p99.9"], tickToStore.Keys.Order(StringComparer.Ordinal));
        Assert.True(tickToStore["p50"] > 0 && tickToStore["p50"] <= tickToStore["p99"] && tickToStore["p99"] <= tickToStore["max"], string.Join(", ", tickToStore));

        var services = _system.Market.Services.GetRequiredService<ServiceSupervisor>().Snapshot();
        Assert.All(services, s =>
        {
            Assert.Equal(1, metrics.Single("tickwatch_service_running", ("service", s.Name)).Value);
            Assert.Equal(1, metrics.Single("tickwatch_service_state", ("service", s.Name), ("state", "running")).Value);
            Assert.Equal(0, metrics.Single("tickwatch_service_state", ("service", s.Name), ("state", "faulted")).Value);
        });

        Assert.InRange(metrics.Single("tickwatch_system_memory_usage_ratio").Value, double.Epsilon, 1);
        Assert.True(metrics.Single("process_memory_usage_bytes").Value > 0);
        Assert.True(metrics.Single("dotnet_process_cpu_count").Value >= 1);
    }

    [Fact]
    public async Task A_plain_scrape_gets_the_classic_text_format()
    {
        using var response = await _system.MarketHttp.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
    }

    [Fact]
    public async Task Promtool_finds_nothing_to_lint_in_tickwatchs_own_metrics()
    {
        await ScrapeUntilAsync(m => m.Series("tickwatch_store_up").Any(), "the store has been probed");
        var text = await _system.MarketHttp.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        var (_, output) = await PrometheusTools.PromToolAsync(["check", "metrics"], text);

        // The runtime's and the process instrumentation's names are theirs (e.g. dotnet_process_cpu_count); ours must be clean.
        var ours = output.Split('\n').Where(l => l.StartsWith("tickwatch_", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count == 0, string.Join(Environment.NewLine, ours));
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_stalled_feed_reads_not_running_while_the_other_keeps_delivering()
    {
        await ScrapeUntilAsync(m => m.Series("tickwatch_feed_running").Count(s => s.Value == 1) == 2, "both feeds run");
        var before = (await ScrapeAsync()).Single("tickwatch_feed_messages_total", ("feed", "binary")).Value;

        await _system.InjectFaultAsync(new { kind = "stall", feed = "json" });

        var metrics = await ScrapeUntilAsync(
            m => m.Single("tickwatch_feed_running", ("feed", "json")).Value == 0 && m.Single("tickwatch_feed_disconnections_total", ("feed", "json")).Value > 0,
            "the stalled json feed reads not running and its connection is replaced");
        Assert.True(metrics.Single("tickwatch_feed_last_message_age_seconds", ("feed", "json")).Value >= 1);
        Assert.Equal(1, metrics.Single("tickwatch_feed_running", ("feed", "binary")).Value);
        Assert.True(metrics.Single("tickwatch_feed_messages_total", ("feed", "binary")).Value > before);
        Assert.Equal(0, metrics.Single("tickwatch_feed_disconnections_total", ("feed", "binary")).Value);
    }

    [Fact]
    public async Task Every_metric_the_dashboard_uses_is_exported()
    {
        var dashboard = GrafanaDashboard.Load();

        // HTTP server metrics exist once a request other than a scrape has been served.
        using (await _system.MarketHttp.GetAsync(new Uri("/health", UriKind.Relative)))
        {
        }

        // The feed and quote ages exist once a feed has delivered a message and the book holds a quote.
        var metrics = await ScrapeUntilAsync(
            m => m.Series("tickwatch_store_up").Any() && m.Series("http_server_request_duration_seconds_count").Any()
                && m.Series("tickwatch_feed_last_message_age_seconds").Any() && m.Series("tickwatch_quote_age_seconds").Any(),
            "the store has been probed, a request served and a feed's prices taken into the book");
        var exported = metrics.Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        // The gateway's row is checked against a real gateway that has probed this market service.
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MarketServiceUrl"] = _system.MarketHttp.BaseAddress!.ToString(),
            ["Gateway:MarketHealthProbeInterval"] = "00:00:00.100",
        });
        var gatewayMetrics = await Eventually.ValueAsync(
            async () =>
            {
                using var response = await gateway.GetAsync("/metrics");
                return PrometheusExposition.Parse(await response.Content.ReadAsStringAsync());
            },
            m => m.Series("tickwatch_gateway_market_service_up").Any(s => s.Value == 1),
            "the gateway has found the market service ready");
        var gatewayExported = gatewayMetrics.Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(dashboard.MetricNames);
        Assert.Contains(dashboard.MetricNames, n => n.StartsWith("tickwatch_gateway_", StringComparison.Ordinal));
        // The cluster row is leased mode's: ClusterVisibilityOnRedisTests checks it against two leased market services.
        var missing = dashboard.MetricNames
            .Where(n => !n.StartsWith("tickwatch_cluster_", StringComparison.Ordinal))
            .Where(n => !(n.StartsWith("tickwatch_gateway_", StringComparison.Ordinal) ? gatewayExported : exported).Contains(n))
            .ToList();
        Assert.True(missing.Count == 0, $"The dashboard uses metrics the market service's or the gateway's /metrics does not export: {string.Join(", ", missing)}");
        Assert.Equal("datasource", dashboard.Json["templating"]!["list"]![0]!["type"]!.GetValue<string>());
        Assert.All(
            dashboard.Panels.Where(p => p["type"]!.GetValue<string>() != "row"),
            p => Assert.Equal("${datasource}", p["datasource"]!["uid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Two_market_services_in_one_process_each_export_only_their_own_instruments()
    {
        var other = await RunningSystem.StartAsync(new Dictionary<string, string?> { ["Feeds:0:Name"] = "binary2", ["Feeds:1:Name"] = "json2" });
        try
        {
            var theirs = await ScrapeUntilAsync(other, m => m.Series("tickwatch_feed_messages_total").Count(s => s.Value > 0) == 2, "the other service's feeds deliver");
            Assert.Equal(["binary2", "json2"], theirs.Series("tickwatch_feed_messages_total").Select(s => s.Label("feed")).Order(StringComparer.Ordinal));
            var ours = await ScrapeAsync();
            Assert.Equal(["binary", "json"], ours.Series("tickwatch_feed_messages_total").Select(s => s.Label("feed")).Order(StringComparer.Ordinal));
        }
        finally
        {
            await other.DisposeAsync();
        }

        // The other host's meters are gone; ours still report, and still move.
        var last = (await ScrapeAsync()).Single("tickwatch_feed_messages_total", ("feed", "json")).Value;
        var after = await ScrapeUntilAsync(m => m.Single("tickwatch_feed_messages_total", ("feed", "json")).Value > last, "our json feed's count moves on");
        Assert.Equal(["binary", "json"], after.Series("tickwatch_feed_running").Select(s => s.Label("feed")).Order(StringComparer.Ordinal));
        Assert.Single(after.Series("process_memory_usage_bytes"));
        Assert.Single(after.Series("tickwatch_system_memory_usage_ratio"));
    }

    private Task<PrometheusExposition> ScrapeAsync() => ScrapeAsync(_system);

    private Task<PrometheusExposition> ScrapeUntilAsync(Func<PrometheusExposition, bool> condition, string what) => ScrapeUntilAsync(_system, condition, what);

    private static async Task<PrometheusExposition> ScrapeAsync(RunningSystem system)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await system.MarketHttp.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return PrometheusExposition.Parse(await response.Content.ReadAsStringAsync());
    }

    private static Task<PrometheusExposition> ScrapeUntilAsync(RunningSystem system, Func<PrometheusExposition, bool> condition, string what) =>
        Eventually.ValueAsync(() => ScrapeAsync(system), condition, what);
}
