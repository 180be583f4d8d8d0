using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Hosting;

/// <summary>The market service serving HTTPS on a real Kestrel port, and listening to a <c>wss://</c> feed, with certificates the test makes.</summary>
public sealed class MarketHttpsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task With_Market_Https_and_a_pfx_the_service_answers_a_tls_handshake_with_that_certificate()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Market:Https"] = "true",
            ["Tls:CertificatePath"] = _certificates.PfxPath,
            ["Tls:CertificatePassword"] = TestCertificates.Password,
        });
        var address = new Uri(market.App.Urls.First());
        X509Certificate2? presented = null;
        using var client = _certificates.TrustingClient(address, c => presented = c);

        using var alive = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal("https", address.Scheme);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Contains("\"market\"", await alive.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(_certificates.Server.Thumbprint, presented?.Thumbprint);
        var line = Assert.Single(market.Logs.Entries, e => e.EventId.Id == 5200);
        Assert.Contains(_certificates.Server.Thumbprint, line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(market.Logs.Entries, e => e.Message.Contains(TestCertificates.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pem_certificate_and_key_serve_https_as_well()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Market:Https"] = "true",
            ["Tls:CertificatePath"] = _certificates.CertificatePemPath,
            ["Tls:KeyPath"] = _certificates.KeyPemPath,
        });
        X509Certificate2? presented = null;
        using var client = _certificates.TrustingClient(new Uri(market.App.Urls.First()), c => presented = c);

        using var alive = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(_certificates.Server.Thumbprint, presented?.Thumbprint);
    }

    [Fact]
    public async Task A_wss_feed_issued_by_the_trusted_authority_brings_prices_into_the_book()
    {
        var hub = QuoteHubHost.Build(
            new QuoteHubOptions { Port = 0, Seed = 7 },
            configure: b => b.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(listen => listen.UseHttps(_certificates.Server))));
        await using var _ = hub;
        await hub.StartAsync();
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Feeds:0:Url"] = Wss(hub, "json"),
            ["Feeds:0:TrustedCaPath"] = _certificates.AuthorityPath,
            ["Feeds:1:Url"] = Wss(hub, "binary"),
            ["Feeds:1:TrustedCaPath"] = _certificates.AuthorityPath,
        });
        var book = market.App.Services.GetRequiredService<PriceBook>();

        await Eventually.UntilAsync(() => book.GetQuote("EURUSD") is not null, "EURUSD arrives over wss:// into the book");

        Assert.StartsWith("https://", QuoteHubHost.GetBaseAddress(hub).ToString(), StringComparison.Ordinal);
        Assert.True(book.GetQuote("EURUSD")!.Bid > 0);
        Assert.DoesNotContain(market.Logs.Entries, e => e.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) && e.Level >= LogLevel.Warning);
    }

    private static string Wss(WebApplication hub, string feed) => new UriBuilder(QuoteHubHost.GetFeedAddress(hub, feed)) { Scheme = "wss" }.Uri.ToString();
}
