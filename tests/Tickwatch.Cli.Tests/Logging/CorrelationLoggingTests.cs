using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tickwatch.Cli.Logging;
using Tickwatch.Hosting.Correlation;
using Tickwatch.Market.Hosting;

namespace Tickwatch.Cli.Tests.Logging;

/// <summary>
/// A request's correlation id in the log files an operator greps: <c>[id]</c> after the message of every line written
/// while handling it, and <c>CorrelationId</c> in the JSON log.
/// </summary>
public sealed class CorrelationLoggingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tickwatch-logs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Lines_written_in_a_requests_scope_end_with_its_id_once_and_others_are_unchanged()
    {
        await using (var logger = TickwatchLogging.Create(new LogOptions { Directory = _directory, Json = true }, "test", console: false))
        {
            using var factory = TickwatchLogging.CreateFactory(logger);
            var log = factory.CreateLogger("Tickwatch.Test");
            log.LogInformation("Before any request");
            using (RequestCorrelation.BeginScope(log, "ops-4711"))
            {
                log.LogWarning("❌ Message processing error (feed {Feed})", "binary");
                log.LogInformation("HTTP {Method} {Path} -> {StatusCode} [{CorrelationId}]", "GET", "/api/debug/websocket", 200, "ops-4711");
            }
        }

        var detailed = await File.ReadAllLinesAsync(Assert.Single(Directory.GetFiles(_directory, "tickwatch-test-*.log")));
        Assert.EndsWith("Tickwatch.Test: Before any request", Assert.Single(detailed, l => l.Contains("Before any request", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith("❌ Message processing error (feed binary) [ops-4711]", Assert.Single(detailed, l => l.Contains("❌", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith("HTTP GET /api/debug/websocket -> 200 [ops-4711]", Assert.Single(detailed, l => l.Contains("HTTP GET", StringComparison.Ordinal)), StringComparison.Ordinal);

        var summary = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(_directory, "summary"), "tickwatch-test-summary-*.log")));
        Assert.Contains("[WRN] Tickwatch.Test: ❌ Message processing error (feed binary) [ops-4711]", summary, StringComparison.Ordinal);

        var json = await JsonLinesAsync();
        Assert.False(json.Single(l => l.GetProperty("@m").GetString() == "Before any request").TryGetProperty(RequestCorrelation.LogProperty, out _));
        var error = json.Single(l => l.GetProperty("@m").GetString()!.StartsWith('❌'));
        Assert.Equal("❌ Message processing error (feed binary)", error.GetProperty("@m").GetString());
        Assert.Equal("ops-4711", error.GetProperty(RequestCorrelation.LogProperty).GetString());
    }

    [Fact]
    public async Task The_market_services_request_and_what_its_handler_logs_carry_the_callers_id()
    {
        var logger = TickwatchLogging.Create(new LogOptions { Directory = _directory, Json = true }, "market", console: false);
        await using (logger)
        {
            await using var market = MarketServiceHost.Build([], b => b.UseTickwatchLogging(logger).Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Market:Port"] = "0",
                ["Ledger:Enabled"] = "false", // the ledger is not what these hosts test; its own tests turn it on
                ["Feeds:0:Name"] = "json",
                ["Feeds:0:Protocol"] = "Json",
                ["Feeds:0:Url"] = "ws://127.0.0.1:1/ws/json",
            }));

            // A handler that logs, standing for any endpoint that does.
            market.MapGet("/api/test/work", (ILoggerFactory logs) =>
            {
                logs.CreateLogger("Tickwatch.Market.Test").LogInformation("Working on the operator's request");
                return Results.Ok();
            });
            await market.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(market.Urls.First()) };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/test/work", UriKind.Relative));
            request.Headers.Add(RequestCorrelation.HeaderName, "gw-trace-0042");
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode);
            await market.StopAsync();
        }

        var detailed = await File.ReadAllLinesAsync(Assert.Single(Directory.GetFiles(_directory, "tickwatch-market-*.log")));
        Assert.Contains(detailed, l => l.EndsWith("Tickwatch.Market.Test: Working on the operator's request [gw-trace-0042]", StringComparison.Ordinal));
        Assert.Contains(detailed, l => l.Contains("HTTP GET /api/test/work -> 200 in ", StringComparison.Ordinal) && l.EndsWith(" ms [gw-trace-0042]", StringComparison.Ordinal));

        var json = await JsonLinesAsync();
        var correlated = json.Where(l => l.TryGetProperty(RequestCorrelation.LogProperty, out var id) && id.GetString() == "gw-trace-0042").Select(l => l.GetProperty("@m").GetString()).ToList();
        Assert.Contains("Working on the operator's request", correlated);
        Assert.Contains(correlated, m => m!.StartsWith("HTTP GET /api/test/work -> 200 in ", StringComparison.Ordinal));
    }

    private async Task<List<JsonElement>> JsonLinesAsync()
    {
        var lines = await File.ReadAllLinesAsync(Assert.Single(Directory.GetFiles(Path.Combine(_directory, "json"), "*.json")));
        return [.. lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];
    }
}
