using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Hosting;

/// <summary>The market service's TLS settings checked at build, in the one list of start-up problems: never a stack, never the password.</summary>
public sealed class MarketTlsConfigurationUnitTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void Https_without_a_certificate_is_one_options_error_listing_what_is_missing()
    {
        var error = Build(new() { ["Market:Https"] = "true" });

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Market:Https is true but Tls:CertificatePath is not set", failure, StringComparison.Ordinal);
        Assert.Contains("TICKWATCH_Tls__CertificatePassword", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_is_a_start_up_error_naming_the_file_not_the_password()
    {
        const string wrong = "wrong-password-0123456789";

        var error = Build(new() { ["Market:Https"] = "true", ["Tls:CertificatePath"] = _certificates.PfxPath, ["Tls:CertificatePassword"] = wrong });

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith($"Tls:CertificatePath: '{_certificates.PfxPath}' could not be read", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_certificate_file_is_reported_with_the_other_problems()
    {
        var path = Path.Combine(_certificates.Directory, "gone.pfx");

        var error = Build(new() { ["Market:Https"] = "true", ["Tls:CertificatePath"] = path, ["Health:Interval"] = "00:00:00" });

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains($"Tls:CertificatePath: there is no file '{path}'.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Health:Interval must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void A_feeds_trusted_authority_needs_a_wss_url_and_a_file_that_exists()
    {
        var missing = Path.Combine(_certificates.Directory, "missing-ca.pem");

        var error = Build(new()
        {
            ["Feeds:0:TrustedCaPath"] = _certificates.AuthorityPath,
            ["Feeds:1:Url"] = "wss://feeds.example.net/ws/binary",
            ["Feeds:1:TrustedCaPath"] = missing,
        });

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Feeds:0 (json): TrustedCaPath is set but Url is plain ws://", StringComparison.Ordinal));
        Assert.Contains($"Feeds:1:TrustedCaPath: there is no file '{missing}'.", error.Failures);
    }

    [Fact]
    public async Task Plain_http_stays_the_default_and_a_certificate_is_not_read_unless_https_is_asked_for()
    {
        await using var host = MarketHost.Build(new Dictionary<string, string?> { ["Tls:CertificatePath"] = Path.Combine(_certificates.Directory, "gone.pfx") });

        Assert.Equal("http://127.0.0.1:0", host.App.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    private static OptionsValidationException Build(Dictionary<string, string?> settings) => Assert.Throws<OptionsValidationException>(() => MarketHost.Build(settings));
}
