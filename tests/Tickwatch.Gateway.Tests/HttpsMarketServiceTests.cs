using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>
/// The gateway serving HTTPS and calling a market service that serves HTTPS with a certificate from a private authority
/// the test makes: trusted through Gateway:MarketServiceTrustedCaPath, refused without it.
/// </summary>
public sealed class HttpsMarketServiceTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private WebApplication _market = null!;

    public async Task InitializeAsync() => _market = await ClosedFeedsMarketService.StartAsync(new Dictionary<string, string?>
    {
        ["Market:Https"] = "true",
        ["Tls:CertificatePath"] = _certificates.PfxPath,
        ["Tls:CertificatePassword"] = TestCertificates.Password,
    });

    public async Task DisposeAsync()
    {
        await _market.StopAsync();
        await _market.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task The_gateway_over_https_proxies_to_an_https_market_service_whose_authority_it_trusts()
    {
        Assert.StartsWith("https://127.0.0.1:", _market.Urls.First(), StringComparison.Ordinal);
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Https"] = "true",
            ["Tls:CertificatePath"] = _certificates.CertificatePemPath,
            ["Tls:KeyPath"] = _certificates.KeyPemPath,
            ["Gateway:MarketServiceUrl"] = _market.Urls.First(),
            ["Gateway:MarketServiceTrustedCaPath"] = _certificates.AuthorityPath,
        });
        X509Certificate2? presented = null;
        using var client = _certificates.TrustingClient(gateway.BaseAddress, c => presented = c);

        using var alive = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var proxied = await client.GetAsync(new Uri("/market/health", UriKind.Relative));
        using var pythonHealth = await client.GetAsync(new Uri("/api/debug/python-health", UriKind.Relative));
        var health = JsonNode.Parse(await pythonHealth.Content.ReadAsStringAsync())!;

        Assert.Equal("https", gateway.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(_certificates.Server.Thumbprint, presented?.Thumbprint);
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Contains("\"market\"", await proxied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual("unreachable", health["status"]?.GetValue<string>());
        Assert.NotNull(health["http_status"]);
        Assert.NotNull(health["market_service"]);
    }

    [Fact]
    public async Task Without_the_authority_the_market_services_certificate_is_refused_not_accepted()
    {
        await using var gateway = await RunningGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:MarketServiceUrl"] = _market.Urls.First() });

        using var proxied = await gateway.GetAsync("/market/health");
        var health = await gateway.GetJsonAsync("/api/debug/python-health");

        Assert.Equal(HttpStatusCode.BadGateway, proxied.StatusCode);
        Assert.Equal("unreachable", health["status"]!.GetValue<string>());
        Assert.Null(health["market_service"]);
    }
}
