using MimeKit;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>Where margin-call messages go: an SMTP server, or <c>.eml</c> files in a folder when none is configured.</summary>
public interface IMarginCallDelivery
{
    /// <summary>Where, for the log and <c>/api/debug/autocutoff</c> (<c>smtp://mail.example:25</c>, a folder); never a credential.</summary>
    string Destination { get; }

    /// <summary>True for files (counted as written, not sent).</summary>
    bool IsFolder { get; }

    /// <summary>Delivers one message; throws when it could not (the mailer retries).</summary>
    /// <returns>Where it went (the file's path, or the server).</returns>
    Task<string> DeliverAsync(MimeMessage message, CancellationToken cancellationToken);
}
