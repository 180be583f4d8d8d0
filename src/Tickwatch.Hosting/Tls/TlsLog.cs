using Microsoft.Extensions.Logging;

namespace Tickwatch.Hosting.Tls;

/// <summary>The HTTPS certificate's log lines, source-generated with stable event ids (5200–5209).</summary>
internal static partial class TlsLog
{
    [LoggerMessage(EventId = 5200, EventName = "ServingHttps", Level = LogLevel.Information,
        Message = "🔒 Serving HTTPS with certificate {Subject} (thumbprint {Thumbprint}), valid until {NotAfter:u}")]
    public static partial void ServingHttps(ILogger logger, string subject, string thumbprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 5201, EventName = "CertificateExpiresSoon", Level = LogLevel.Warning,
        Message = "The HTTPS certificate {Subject} (thumbprint {Thumbprint}) expires at {NotAfter:u}, in {DaysLeft:F1} days: clients refuse it from then on; renew it")]
    public static partial void CertificateExpiresSoon(ILogger logger, string subject, string thumbprint, DateTimeOffset notAfter, double daysLeft);
}
