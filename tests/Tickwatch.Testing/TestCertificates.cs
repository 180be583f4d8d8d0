using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tickwatch.Hosting.Tls;

namespace Tickwatch.Testing;

/// <summary>
/// A private certificate authority and a server certificate it issued for <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>,
/// made at run time, with their files in a temporary folder that <see cref="Dispose"/> deletes.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    /// <summary>The password of <see cref="PfxPath"/>: only ever used on loopback.</summary>
    public const string Password = "tickwatch-tests-only-pfx-password";

    private TestCertificates(X509Certificate2 authority, X509Certificate2 server, string directory)
    {
        Authority = authority;
        Server = server;
        Directory = directory;
        PfxPath = Path.Combine(directory, "server.pfx");
        AuthorityPath = Path.Combine(directory, "ca.pem");
        CertificatePemPath = Path.Combine(directory, "server.pem");
        KeyPemPath = Path.Combine(directory, "server.key");
        File.WriteAllBytes(PfxPath, server.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllText(AuthorityPath, authority.ExportCertificatePem());
        File.WriteAllText(CertificatePemPath, server.ExportCertificatePem());
        using var key = server.GetECDsaPrivateKey()!;
        File.WriteAllText(KeyPemPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The authority's certificate (no key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    public string Directory { get; }

    /// <summary>The server certificate and key as PKCS#12, protected by <see cref="Password"/>.</summary>
    public string PfxPath { get; }

    /// <summary>The authority's certificate as PEM: what a client is told to trust.</summary>
    public string AuthorityPath { get; }

    /// <summary>The server certificate as PEM.</summary>
    public string CertificatePemPath { get; }

    /// <summary>The server's private key as unencrypted PKCS#8 PEM.</summary>
    public string KeyPemPath { get; }

    /// <summary>Makes an authority and a server certificate valid from a day ago for <paramref name="validFor"/> (90 days by default).</summary>
    public static TestCertificates Create(TimeSpan? validFor = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        var notBefore = now.AddDays(-1);
        var notAfter = now + (validFor ?? TimeSpan.FromDays(90));

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Tickwatch Test CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authorityWithKey = authorityRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, true, false));
        using var issued = serverRequest.Create(authorityWithKey, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        var server = issued.CopyWithPrivateKey(serverKey);

        var directory = Path.Combine(Path.GetTempPath(), "tickwatch-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new TestCertificates(X509CertificateLoader.LoadCertificate(authorityWithKey.RawData), server, directory);
    }

    /// <summary>
    /// A client for <paramref name="baseAddress"/> that trusts only this authority (the certificate fully checked) and
    /// hands every certificate a server presents to <paramref name="presented"/>.
    /// </summary>
    public HttpClient TrustingClient(Uri baseAddress, Action<X509Certificate2>? presented = null)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = TrustedAuthorities.Policy([Authority]);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is not null)
            {
                presented?.Invoke(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            }

            return errors == SslPolicyErrors.None;
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Eventually.DefaultTimeout };
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
