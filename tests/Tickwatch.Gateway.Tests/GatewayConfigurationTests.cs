using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>Settings are checked at start-up, every problem reported at once; the API describes itself without anything from outside.</summary>
public sealed class GatewayConfigurationTests
{
    [Fact]
    public async Task Every_invalid_setting_is_reported_at_once()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = "",
            ["Gateway:MarketServiceUrl"] = "not a url",
            ["Gateway:UpstreamTimeout"] = "00:00:00",
            ["Gateway:Stream:MaxClientLag"] = "-00:00:01",
            ["Gateway:Stream:SendInterval"] = "00:00:05",
            ["Gateway:OrderEntry:BurstLimit"] = "0",
            ["Gateway:OrderEntry:ReadTokensPerPeriod"] = "0",
            ["Redis:ClientName"] = "has spaces",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Jwt:SigningKey is not set", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:MarketServiceUrl must be", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:UpstreamTimeout must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:Stream:MaxClientLag must be positive", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:Stream:SendInterval must be between", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:OrderEntry:BurstLimit must be at least 1", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:OrderEntry:ReadTokensPerPeriod must be at least 1", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Redis:ClientName", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_send_interval_as_long_as_the_lag_limit_is_refused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Stream:SendInterval"] = "00:00:00.500",
            ["Gateway:Stream:MaxClientLag"] = "00:00:00.500",
        }));

        Assert.Equal(["Gateway:Stream:SendInterval (00:00:00.5000000) must be shorter than Gateway:Stream:MaxClientLag (00:00:00.5000000)."], error.Failures);
    }

    [Fact]
    public async Task A_short_signing_key_is_refused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningGateway.StartAsync(new Dictionary<string, string?> { ["Jwt:SigningKey"] = "short" }));

        Assert.Equal(["Jwt:SigningKey must be at least 32 bytes long."], error.Failures);
    }

    [Fact]
    public async Task The_openapi_document_and_the_api_reference_are_served_by_the_gateway_itself()
    {
        await using var gateway = await RunningGateway.StartAsync();

        using var document = await gateway.GetAsync(GatewayHost.OpenApiPath);
        var openApi = await document.Content.ReadAsStringAsync();
        using var page = await gateway.GetAsync(GatewayHost.ApiReferencePath + "/");
        var html = await page.Content.ReadAsStringAsync();
        using var script = await gateway.GetAsync(GatewayHost.ApiReferencePath + "/scalar.js");

        Assert.True(document.IsSuccessStatusCode);
        foreach (var path in new[] { "/api/quotes", "/api/quotes/{symbol}", "/api/stream", "/api/debug/python-health", "/api/debug/streams" })
        {
            Assert.Contains($"\"{path}\"", openApi, StringComparison.Ordinal);
        }

        Assert.Contains("\"bearer\"", openApi, StringComparison.Ordinal);
        Assert.True(page.IsSuccessStatusCode);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.True(script.IsSuccessStatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }
}
