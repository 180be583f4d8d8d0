using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Hosting.Tls;

/// <summary>Says at start-up which certificate the role serves HTTPS with, and warns when it is close to expiry.</summary>
internal sealed class HttpsCertificateReport(X509Certificate2 certificate, TimeProvider time, ILogger<HttpsCertificateReport> logger) : IHostedService
{
    /// <summary>How long before expiry the warning starts: time enough to renew through a change window.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        TlsLog.ServingHttps(logger, certificate.Subject, certificate.Thumbprint, notAfter);
        var left = notAfter - time.GetUtcNow();
        if (left < ExpiryWarning)
        {
            TlsLog.CertificateExpiresSoon(logger, certificate.Subject, certificate.Thumbprint, notAfter, left.TotalDays);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
