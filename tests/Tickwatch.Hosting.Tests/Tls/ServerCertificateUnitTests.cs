using System.Security.Cryptography.X509Certificates;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Tls;
using Tickwatch.Testing;

namespace Tickwatch.Hosting.Tests.Tls;

/// <summary>Reading the server certificate and the trusted authorities from files a test makes: every failure one clear line naming the file, never the password.</summary>
public sealed class ServerCertificateUnitTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void A_pfx_with_its_password_gives_the_certificate_with_its_key()
    {
        var errors = new List<string>();

        using var certificate = ServerCertificate.Load(new TlsOptions { CertificatePath = _certificates.PfxPath, CertificatePassword = TestCertificates.Password }, "Market:Https", errors);

        Assert.Empty(errors);
        Assert.NotNull(certificate);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(_certificates.Server.Thumbprint, certificate.Thumbprint);
    }

    [Fact]
    public void A_pem_certificate_with_its_key_in_another_file_gives_the_certificate_with_its_key()
    {
        var errors = new List<string>();

        using var certificate = ServerCertificate.Load(new TlsOptions { CertificatePath = _certificates.CertificatePemPath, KeyPath = _certificates.KeyPemPath }, "Market:Https", errors);

        Assert.Empty(errors);
        Assert.True(certificate!.HasPrivateKey);
        Assert.Equal(_certificates.Server.Thumbprint, certificate.Thumbprint);
    }

    [Fact]
    public void A_wrong_password_is_one_error_naming_the_file_and_the_variable_but_not_the_password()
    {
        const string wrong = "not-the-password-0123";
        var errors = new List<string>();

        var certificate = ServerCertificate.Load(new TlsOptions { CertificatePath = _certificates.PfxPath, CertificatePassword = wrong }, "Market:Https", errors);

        Assert.Null(certificate);
        var error = Assert.Single(errors);
        Assert.StartsWith($"Tls:CertificatePath: '{_certificates.PfxPath}' could not be read", error, StringComparison.Ordinal);
        Assert.Contains(TlsOptions.PasswordVariable, error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCertificates.Password, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_one_error_naming_its_full_path()
    {
        var path = Path.Combine(_certificates.Directory, "nowhere", "server.pfx");
        var errors = new List<string>();

        Assert.Null(ServerCertificate.Load(new TlsOptions { CertificatePath = path }, "Market:Https", errors));

        Assert.Equal($"Tls:CertificatePath: there is no file '{path}'.", Assert.Single(errors));
    }

    [Fact]
    public void Https_without_a_certificate_names_the_setting_that_asked_and_what_is_missing()
    {
        var errors = new List<string>();

        Assert.Null(ServerCertificate.Load(new TlsOptions(), "Gateway:Https", errors));

        var error = Assert.Single(errors);
        Assert.StartsWith("Gateway:Https is true but Tls:CertificatePath is not set", error, StringComparison.Ordinal);
        Assert.Contains(TlsOptions.PasswordVariable, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_its_key_is_refused()
    {
        var errors = new List<string>();

        Assert.Null(ServerCertificate.Load(new TlsOptions { CertificatePath = _certificates.AuthorityPath }, "Market:Https", errors));

        var error = Assert.Single(errors);
        Assert.True(error.StartsWith($"Tls:CertificatePath: '{_certificates.AuthorityPath}'", StringComparison.Ordinal), error);
        Assert.Contains("private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_a_certificate_is_an_options_error()
    {
        var errors = OptionsValidation.Errors(new TlsOptions { KeyPath = _certificates.KeyPemPath }, [new TlsOptionsValidator()]);

        Assert.StartsWith("Tls:KeyPath is set but Tls:CertificatePath is not", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void The_trusted_authorities_file_gives_a_policy_that_trusts_only_that_authority()
    {
        var errors = new List<string>();

        var policy = TrustedAuthorities.Load("Gateway:MarketServiceTrustedCaPath", _certificates.AuthorityPath, errors);

        Assert.Empty(errors);
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, policy!.TrustMode);
        Assert.Equal(_certificates.Authority.Thumbprint, Assert.Single(policy.CustomTrustStore).Thumbprint);
        using var chain = new X509Chain { ChainPolicy = policy };
        Assert.True(chain.Build(_certificates.Server), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void A_trusted_authorities_file_that_is_missing_or_holds_no_certificate_is_an_error_naming_the_setting()
    {
        var errors = new List<string>();
        var missing = Path.Combine(_certificates.Directory, "missing-ca.pem");

        Assert.Null(TrustedAuthorities.Load("Feeds:0:TrustedCaPath", missing, errors));
        Assert.Null(TrustedAuthorities.Load("Feeds:1:TrustedCaPath", _certificates.KeyPemPath, errors));
        Assert.Null(TrustedAuthorities.Load("Feeds:2:TrustedCaPath", null, errors));

        Assert.Equal(2, errors.Count);
        Assert.Equal($"Feeds:0:TrustedCaPath: there is no file '{missing}'.", errors[0]);
        Assert.Equal($"Feeds:1:TrustedCaPath: '{_certificates.KeyPemPath}' holds no certificate.", errors[1]);
    }
}
