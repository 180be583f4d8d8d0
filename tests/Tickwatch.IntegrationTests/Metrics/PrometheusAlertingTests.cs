using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.IntegrationTests.Metrics;

/// <summary>
/// A real Prometheus server scrapes the market service with the repository's prometheus.yml and alerts.yml (only the
/// intervals and the rules' hold times shortened), while faults are injected through the quote hub.
/// </summary>
public sealed partial class PrometheusAlertingTests : IAsyncLifetime
{
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(60);

    private RunningSystem? _system;
    private PrometheusServer? _prometheus;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Prometheus first: it is a process of its own and must never outlive the test.
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stalled_feed_fires_the_listener_down_alert_for_that_feed_only()
    {
        // Only the stalled feed (json, Feeds:1) is given a short no-data timeout: the other keeps the shipped one, so a busy
        // machine's pause in the binary feed cannot make it look down too.
        var (system, prometheus) = await StartAsync(new Dictionary<string, string?> { ["Feeds:1:NoDataTimeout"] = "00:00:01" });
        await UntilAsync(async () => (await prometheus.QueryAsync("tickwatch_feed_running == 1")).Count == 2, "Prometheus sees both feeds running");
        Assert.DoesNotContain(await prometheus.AlertsAsync(), a => Name(a) == "WebSocketListenerDown" && a!["state"]!.GetValue<string>() == "firing");

        await system.InjectFaultAsync(new { kind = "stall", feed = "json" });

        var alerts = await Eventually.ValueAsync(
            prometheus.AlertsAsync,
            a => a.Any(x => Name(x) == "WebSocketListenerDown" && x!["state"]!.GetValue<string>() == "firing"),
            "the WebSocketListenerDown alert fires",
            AlertTimeout);
        var down = alerts.Where(a => Name(a) == "WebSocketListenerDown").ToList();
        var alert = Assert.Single(down)!;
        Assert.Equal("json", alert["labels"]!["feed"]!.GetValue<string>());
        Assert.Equal("critical", alert["labels"]!["severity"]!.GetValue<string>());
        Assert.Equal("tickwatch-market", alert["labels"]!["job"]!.GetValue<string>());
        Assert.Equal("🚨 ALERT: WebSocket listener down! Feed json is_running: false", alert["annotations"]!["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task On_a_healthy_system_every_rule_evaluates_none_fires_and_every_dashboard_query_runs()
    {
        // The feeds keep their shipped no-data timeout: a one-second one reads a busy machine's pause as a dead feed.
        var (_, prometheus) = await StartAsync([]);
        var dashboard = GrafanaDashboard.Load();
        await UntilAsync(
            async () => (await prometheus.QueryAsync("rate(tickwatch_feed_messages_total[1m]) > 0")).Count == 2
                && (await prometheus.QueryAsync("tickwatch_store_up == 1")).Count == 1,
            "Prometheus has seen prices flow and the store probed");

        var failures = new List<string>();
        foreach (var expression in dashboard.Expressions)
        {
            try
            {
                await prometheus.QueryAsync(GrafanaDashboard.ForPrometheus(expression));
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        // Rules evaluated after the prices flowed; the system-resource group measures the test machine, not the system under test.
        var groups = await Eventually.ValueAsync(
            prometheus.RuleGroupsAsync,
            g => g.SelectMany(Rules).All(r => r!["health"]!.GetValue<string>() != "unknown"),
            "every rule has been evaluated",
            AlertTimeout);
        var unhealthy = groups.SelectMany(Rules).Where(r => r!["health"]!.GetValue<string>() != "ok").Select(r => $"{r!["name"]}: {r["lastError"]}").ToList();
        Assert.True(unhealthy.Count == 0, string.Join(Environment.NewLine, unhealthy));
        var active = groups.Where(g => g!["name"]!.GetValue<string>() != "tickwatch-system")
            .SelectMany(Rules)
            .Where(r => r!["state"]!.GetValue<string>() != "inactive")
            .Select(r => $"{r!["name"]} {r["state"]}")
            .ToList();
        Assert.True(active.Count == 0, $"Alerts on a healthy system: {string.Join(", ", active)}");
        var shipped = await File.ReadAllTextAsync(PrometheusTools.DeployFile("prometheus/alerts.yml"));
        Assert.Equal(Regex.Count(shipped, "- alert: "), groups.SelectMany(Rules).Count());
    }

    private async Task<(RunningSystem System, PrometheusServer Prometheus)> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Health:Interval"] = "00:00:00.500";
        _system = await RunningSystem.StartAsync(settings);
        _prometheus = await PrometheusServer.StartAsync(
            await ConfigurationAsync(_system.MarketHttp.BaseAddress!.Authority),
            new Dictionary<string, string> { ["alerts.yml"] = await RulesAsync() });
        return (_system, _prometheus);
    }

    /// <summary>deploy/prometheus/prometheus.yml aimed at this market service, scraping and evaluating every second.</summary>
    private static async Task<string> ConfigurationAsync(string market)
    {
        var text = await File.ReadAllTextAsync(PrometheusTools.DeployFile("prometheus/prometheus.yml"));
        text = Replace(text, "scrape_interval: 15s", "scrape_interval: 1s");
        text = Replace(text, "scrape_timeout: 10s", "scrape_timeout: 1s");
        text = Replace(text, "evaluation_interval: 15s", "evaluation_interval: 1s");
        text = Replace(text, "'localhost:8000'", $"'{market}'");

        // The gateway's target is a closed port here: it reads down, and no alert rule is about the gateway.
        return Replace(text, "'localhost:3000'", $"'127.0.0.1:{ClosedPort()}'");
    }

    /// <summary>deploy/prometheus/alerts.yml with every hold (<c>for:</c>) shortened to one second; the expressions are the real ones.</summary>
    private static async Task<string> RulesAsync()
    {
        var text = await File.ReadAllTextAsync(PrometheusTools.DeployFile("prometheus/alerts.yml"));
        Assert.Contains("alert: WebSocketListenerDown", text, StringComparison.Ordinal);
        return HoldTime().Replace(text, "${indent}for: 1s");
    }

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Name(JsonNode? alert) => alert!["labels"]!["alertname"]!.GetValue<string>();

    private static JsonArray Rules(JsonNode? group) => group!["rules"]!.AsArray();

    private static Task UntilAsync(Func<Task<bool>> condition, string what) => Eventually.UntilAsync(condition, what, AlertTimeout);

    [GeneratedRegex(@"^(?<indent>\s+)for: \d+[smh]\s*$", RegexOptions.Multiline)]
    private static partial Regex HoldTime();
}
