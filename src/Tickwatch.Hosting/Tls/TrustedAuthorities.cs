using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Tickwatch.Hosting.Tls;

/// <summary>
/// The certificate authorities a client trusts instead of the system's, read from a file (PEM, one or more, or DER): how a
/// role reaches a service whose certificate a broker's internal CA issued, with the certificate still fully checked.
/// </summary>
public static class TrustedAuthorities
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>
    /// A chain policy that trusts exactly the authorities in <paramref name="path"/>; null when no path is set, or when the
    /// file cannot be used (the reason, naming <paramref name="setting"/>, added to <paramref name="errors"/>).
    /// </summary>
    public static X509ChainPolicy? Load(string setting, string? path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(path) || CertificateFiles.Read(setting, path, errors) is not { } bytes)
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            if (CertificateFiles.IsPem(bytes))
            {
                certificates.ImportFromPem(Encoding.ASCII.GetString(bytes));
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (CryptographicException ex)
        {
            errors.Add($"{setting}: '{Path.GetFullPath(path)}' is not a PEM or DER certificate: {ex.Message}");
            return null;
        }

        if (certificates.Count == 0)
        {
            errors.Add($"{setting}: '{Path.GetFullPath(path)}' holds no certificate.");
            return null;
        }

        return Policy(certificates);
    }

    /// <summary>A chain policy that trusts the self-signed ones of <paramref name="certificates"/> as roots and uses the rest as intermediates.</summary>
    public static X509ChainPolicy Policy(X509Certificate2Collection certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);

        // Revocation as HttpClient checks it by default (not at all): a private CA rarely publishes a reachable CRL.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.ApplicationPolicy.Add(ServerAuthentication);
        foreach (var certificate in certificates)
        {
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? policy.CustomTrustStore : policy.ExtraStore).Add(certificate);
        }

        return policy;
    }
}
