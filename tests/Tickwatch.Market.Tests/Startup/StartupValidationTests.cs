using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tickwatch.Market.Startup;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Storage.Health;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Startup;

/// <summary>Start-up as the operators' guide shows it: the verbatim lines in order, a stop on a failed critical check, or a degraded start that recovers.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task A_good_start_logs_the_guides_lines_in_order()
    {
        await using var market = await MarketHost.StartAsync();

        var lines = market.Logs.Entries.Where(e => e.EventId.Id is (>= 2000 and <= 2009) or 5100 or 5101).Select(e => e.Message).ToList();
        Assert.Equal(17, lines.Count);
        Assert.Equal("🚀 Starting Tickwatch Market Service...", lines[0]);
        Assert.Equal("🔍 Validating startup prerequisites...", lines[1]);
        Assert.Equal("✅ Redis cluster connectivity: OK (in-memory store)", lines[2]);
        Assert.StartsWith("✅ Environment variables: OK (configuration validated: 2 feeds, 58 symbols, in-memory store", lines[3], StringComparison.Ordinal);
        Assert.Matches(@"^✅ Memory usage: \d{1,3}\.\d% \((machine|container)[^:]*: [\d.]+ of [\d.]+ GiB in use; this process: \d+ MiB\)$", lines[4]);
        Assert.Equal("📊 Prerequisites validation: 100.0% passed", lines[5]);
        Assert.Equal("✅ Market data warmup started", lines[6]);
        Assert.Equal("✅ JSON market listener started", lines[7]);
        Assert.Equal("✅ Binary market listener started", lines[8]);
        Assert.Equal("✅ Price store writer started", lines[9]);
        Assert.Equal("✅ Portfolio calculator listener started", lines[10]);
        Assert.Equal("✅ Provider connection manager started", lines[11]);
        Assert.Equal("✅ Provider pending monitor started", lines[12]);
        Assert.Equal("✅ Trigger service started", lines[13]);
        Assert.Equal("✅ AutoCutoff watcher started", lines[14]);
        Assert.Equal("✅ Health monitor started", lines[15]);
        Assert.Equal("🎯 Startup complete! Running 10 background services", lines[16]);
    }

    [Fact]
    public async Task An_unreachable_store_stops_start_up_with_the_failed_line_and_a_clear_error()
    {
        await using var market = MarketHost.Build(services: s => s.Replace(ServiceDescriptor.Singleton<IStoreHealth>(new FakeStoreHealth().Unreachable())));

        var error = await Assert.ThrowsAsync<StartupValidationException>(market.StartAsync);

        Assert.Contains("Redis cluster connectivity: FAILED (connection refused (127.0.0.1:7000))", error.Message, StringComparison.Ordinal);
        Assert.Contains("Market:StartDegraded=true", error.Message, StringComparison.Ordinal);
        Assert.Equal("Redis cluster connectivity", Assert.Single(error.Failures).Name);
        var failed = Assert.Single(market.Logs.Entries, e => e.Message == "❌ Redis cluster connectivity: FAILED (connection refused (127.0.0.1:7000))");
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Contains("📊 Prerequisites validation: 66.7% passed", market.Logs.Messages);
        var critical = Assert.Single(market.Logs.Entries, e => e.Message.StartsWith("❌ Critical error starting market listeners", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Critical, critical.Level);
        Assert.DoesNotContain(market.Logs.Messages, m => m.EndsWith(" started", StringComparison.Ordinal) || m.StartsWith("🎯", StringComparison.Ordinal));
        Assert.DoesNotContain(market.Logs.Messages, m => m.StartsWith("Feed listener", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_degraded_start_is_not_ready_until_the_store_recovers()
    {
        var store = new FakeStoreHealth().Unreachable();
        await using var hub = await QuoteHubProcess.StartAsync();
        await using var market = await MarketHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Market:StartDegraded"] = "true",
                ["Startup:RecheckInterval"] = "00:00:00.05",
                ["Feeds:0:Url"] = $"{hub.WebSocketAddress}/ws/json",
                ["Feeds:1:Url"] = $"{hub.WebSocketAddress}/ws/binary",
            },
            s => s.Replace(ServiceDescriptor.Singleton<IStoreHealth>(store)));

        Assert.Contains("❌ Redis cluster connectivity: FAILED (connection refused (127.0.0.1:7000))", market.Logs.Messages);
        Assert.Contains(market.Logs.Messages, m => m.StartsWith("⚠️ Starting degraded (Market:StartDegraded): Redis cluster connectivity failed", StringComparison.Ordinal));
        Assert.Contains("✅ Prerequisite recheck started", market.Logs.Messages);
        Assert.Contains("🎯 Startup complete! Running 11 background services", market.Logs.Messages);
        Assert.True((await GetJsonAsync(market, "/health"))["degraded"]!.GetValue<bool>());

        // Feeds deliver and symbols are fresh, but the store is down: 503 naming the store alone.
        var (status, body) = await Eventually.ValueAsync(
            () => ReadyAsync(market),
            r => r.Body["failing_checks"]!.AsArray().Select(n => n!.GetValue<string>()).SequenceEqual(["store"]),
            "only the store keeps the service from being ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not_ready", body["status"]!.GetValue<string>());
        Assert.Equal("Redis cluster is not responding: connection refused (127.0.0.1:7000)", body["checks"]!["store"]!["description"]!.GetValue<string>());

        store.Reachable();

        await Eventually.ValueAsync(() => ReadyAsync(market), r => r.Status == HttpStatusCode.OK, "the service becomes ready");
        await Eventually.UntilAsync(() => market.Logs.Contains("✅ Every critical prerequisite passes again: no longer degraded"), "recovery is logged");
        Assert.Contains(market.Logs.Messages, m => m.StartsWith("✅ Redis cluster connectivity: recovered after", StringComparison.Ordinal) && m.EndsWith("(cluster_state ok, 2.1 ms)", StringComparison.Ordinal));
        Assert.False((await GetJsonAsync(market, "/health"))["degraded"]!.GetValue<bool>());
        var services = await Eventually.ValueAsync(
            () => GetJsonAsync(market, "/api/debug/services"),
            s => s["services"]!["prerequisite_recheck"]!["state"]!.GetValue<string>() == "stopped",
            "the recheck has finished");
        Assert.Equal("completed", services["services"]!["prerequisite_recheck"]!["last_exit"]!.GetValue<string>());
        Assert.True(services["startup"]!["prerequisites"]![0]!["passed"]!.GetValue<bool>());
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> ReadyAsync(MarketHost market)
    {
        using var response = await market.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static async Task<JsonNode> GetJsonAsync(MarketHost market, string path) =>
        JsonNode.Parse(await market.Http.GetStringAsync(new Uri(path, UriKind.Relative)))!;
}
