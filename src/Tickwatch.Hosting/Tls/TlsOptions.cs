namespace Tickwatch.Hosting.Tls;

/// <summary>
/// The server certificate of a role that serves HTTPS (section <c>Tls</c>, shared by the market service and the
/// gateway); a role serves HTTPS when its own <c>Https</c> setting is true (<c>Market:Https</c>, <c>Gateway:Https</c>).
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "Tls";

    /// <summary>The environment variable that carries <see cref="CertificatePassword"/>: the only place it may come from.</summary>
    public const string PasswordVariable = TickwatchEnvironment.Prefix + "Tls__CertificatePassword";

    /// <summary>The certificate with its private key: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>), or a PEM certificate (its key in <see cref="KeyPath"/> or the same file).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>, when it is not in the certificate's file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// Password of the PKCS#12 file or of an encrypted PEM key. Only from the environment (<see cref="PasswordVariable"/>);
    /// never logged, never named in an error.
    /// </summary>
    public string? CertificatePassword { get; set; }
}
