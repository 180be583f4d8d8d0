using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Testing;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>The gateway's TLS settings checked at build, every problem in the one list.</summary>
public sealed class GatewayTlsOptionsUnitTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void Https_without_a_certificate_and_a_missing_authority_file_are_reported_together()
    {
        var missing = Path.Combine(_certificates.Directory, "missing-ca.pem");

        var error = Build(new()
        {
            ["Gateway:Https"] = "true",
            ["Gateway:MarketServiceUrl"] = "https://market.internal:8443",
            ["Gateway:MarketServiceTrustedCaPath"] = missing,
        });

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Gateway:Https is true but Tls:CertificatePath is not set", StringComparison.Ordinal));
        Assert.Contains($"Gateway:MarketServiceTrustedCaPath: there is no file '{missing}'.", error.Failures);
    }

    [Fact]
    public void A_trusted_authority_for_a_plain_http_market_service_is_refused()
    {
        var error = Build(new() { ["Gateway:MarketServiceTrustedCaPath"] = _certificates.AuthorityPath });

        Assert.StartsWith("Gateway:MarketServiceTrustedCaPath is set but Gateway:MarketServiceUrl is plain http", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static OptionsValidationException Build(Dictionary<string, string?> settings)
    {
        settings["Gateway:Port"] = "0";
        settings["Jwt:SigningKey"] = RunningGateway.TestSigningKey;
        return Assert.Throws<OptionsValidationException>(() => GatewayHost.Build([], b => b.Configuration.AddInMemoryCollection(settings)));
    }
}
