using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Tickwatch.Hosting.Tls;

/// <summary>
/// Reads the certificate a role serves HTTPS with (<see cref="TlsOptions"/>): a PKCS#12 file, or PEM with its key. Every
/// way it can fail becomes one start-up problem that names the file and the setting, never the password.
/// </summary>
public static class ServerCertificate
{
    /// <summary>The certificate with its private key, or null with the reason added to <paramref name="errors"/>.</summary>
    /// <param name="options">The <c>Tls</c> section.</param>
    /// <param name="httpsSetting">The role's setting that asked for HTTPS (<c>Market:Https</c>), named when no certificate is set.</param>
    /// <param name="errors">Where problems go.</param>
    public static X509Certificate2? Load(TlsOptions options, string httpsSetting, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            errors.Add($"{httpsSetting} is true but Tls:CertificatePath is not set: name a PKCS#12 (.pfx) or PEM certificate file with its private key (PEM key in Tls:KeyPath if separate), and put its password, if any, in {TlsOptions.PasswordVariable}.");
            return null;
        }

        var path = options.CertificatePath;
        if (CertificateFiles.Read("Tls:CertificatePath", path, errors) is not { } bytes)
        {
            return null;
        }

        var keyBytes = bytes;
        if (!string.IsNullOrWhiteSpace(options.KeyPath))
        {
            if (CertificateFiles.Read("Tls:KeyPath", options.KeyPath, errors) is not { } key)
            {
                return null;
            }

            keyBytes = key;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = CertificateFiles.IsPem(bytes)
                ? FromPem(Encoding.ASCII.GetString(bytes), Encoding.ASCII.GetString(keyBytes), options.CertificatePassword)
                : X509CertificateLoader.LoadPkcs12(bytes, options.CertificatePassword);
        }
        catch (CryptographicException ex)
        {
            errors.Add($"Tls:CertificatePath: '{path}' could not be read as a certificate with its private key: {ex.Message} (a PKCS#12 file or an encrypted PEM key needs its password in {TlsOptions.PasswordVariable}; check that it is the right one).");
            return null;
        }
        catch (ArgumentException ex)
        {
            // CreateFromPem's way of saying that the PEM holds no certificate or no key.
            errors.Add($"Tls:CertificatePath: '{path}' could not be read as a PEM certificate with its private key: {ex.Message}");
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            errors.Add($"Tls:CertificatePath: '{path}' holds no private key: a server needs the certificate's key (in the PKCS#12 file, or Tls:KeyPath for PEM).");
            return null;
        }

        return certificate;
    }

    private static X509Certificate2 FromPem(string certificatePem, string keyPem, string? password)
    {
        using var pem = keyPem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromEncryptedPem(certificatePem, keyPem, password)
            : X509Certificate2.CreateFromPem(certificatePem, keyPem);

        // A PEM key is ephemeral; some platforms' TLS (Windows) serves only a key that a PKCS#12 import persisted.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
