using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Hosting.Correlation;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>
/// A real gateway in front of a real market service: the correlation id a client sends the gateway is the one on the
/// market service's log lines for that request, through python-health and through the <c>/market</c> proxy.
/// </summary>
public sealed class MarketCorrelationTests : IAsyncLifetime
{
    private readonly ScopedLogCollector _marketLogs = new();
    private WebApplication _market = null!;
    private RunningGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _market = await ClosedFeedsMarketService.StartAsync(logs: _marketLogs);
        _gateway = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:MarketServiceUrl"] = _market.Urls.First(),
            ["Gateway:MarketHealthProbeInterval"] = "00:00:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _market.StopAsync();
        await _market.DisposeAsync();
    }

    [Fact]
    public async Task The_id_sent_with_python_health_is_on_the_market_services_line_for_the_health_call()
    {
        using var response = await _gateway.GetAsync("/api/debug/python-health", headers: new Dictionary<string, string> { ["X-Correlation-Id"] = "guide-step-1.check" });

        Assert.Equal("guide-step-1.check", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        var line = await MarketRequestLineAsync("guide-step-1.check");
        Assert.StartsWith("HTTP GET /health/ready -> ", line.Message, StringComparison.Ordinal);
        Assert.EndsWith(" ms [guide-step-1.check]", line.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Debug, line.Level);
    }

    [Fact]
    public async Task The_proxy_carries_the_clients_id_or_the_gateways_own_to_the_market_services_log()
    {
        using var mine = await _gateway.GetAsync("/market/api/debug/websocket", headers: new Dictionary<string, string> { ["X-Correlation-Id"] = "ops_2026-01-05" });
        using var made = await _gateway.GetAsync("/market/api/debug/websocket", headers: new Dictionary<string, string> { ["X-Correlation-Id"] = "not/well formed" });

        Assert.True(mine.IsSuccessStatusCode, $"{(int)mine.StatusCode}");
        Assert.Equal("ops_2026-01-05", Assert.Single(mine.Headers.GetValues("X-Correlation-Id")));
        var line = await MarketRequestLineAsync("ops_2026-01-05");
        Assert.StartsWith("HTTP GET /api/debug/websocket -> 200 in ", line.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, line.Level);

        var generated = Assert.Single(made.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches("^[0-9a-f]{32}$", generated);
        Assert.EndsWith($"[{generated}]", (await MarketRequestLineAsync(generated)).Message, StringComparison.Ordinal);
    }

    /// <summary>The market service's request line carrying <paramref name="id"/>, in its text and in its log scope.</summary>
    private async Task<ScopedLogLine> MarketRequestLineAsync(string id)
    {
        // The line is written once the response has gone, so the gateway may have its answer first.
        ScopedLogLine? found = null;
        await Eventually.UntilAsync(
            () => (found = _marketLogs.Lines.FirstOrDefault(l => l.Category == typeof(RequestLoggingMiddleware).FullName && l.Message.Contains($"[{id}]", StringComparison.Ordinal))) is not null,
            $"the market service logs the request [{id}]");
        Assert.Equal(id, found!.Scope[RequestCorrelation.LogProperty]);
        return found;
    }
}
