using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>Sends each message to the configured SMTP server with MailKit, one connection per message (calls are rare).</summary>
public sealed class SmtpMarginCallDelivery(AutoCutoffSmtpOptions options) : IMarginCallDelivery
{
    public string Destination => $"smtp://{options.Host}:{options.Port}";

    public bool IsFolder => false;

    public async Task<string> DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        var security = options.UseTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        await client.ConnectAsync(options.Host!, options.Port, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(options.User))
        {
            await client.AuthenticateAsync(options.User, options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        return Destination;
    }
}
