using MimeKit;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>Writes each message as an <c>.eml</c> file (any mail program opens it) when no SMTP server is configured, as under <c>tickwatch up</c>.</summary>
/// <param name="folder">The folder, made absolute against the working folder; created when needed.</param>
public sealed class FolderMarginCallDelivery(string folder) : IMarginCallDelivery
{
    public string Destination { get; } = Path.GetFullPath(folder);

    public bool IsFolder => true;

    public async Task<string> DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(Destination);
        var account = message.Headers["X-Tickwatch-Account"] ?? "account";
        var name = $"{message.Date.UtcDateTime:yyyyMMdd'T'HHmmssfff}-{Safe(account)}-{Guid.NewGuid().ToString("N")[..8]}.eml";
        var path = Path.Combine(Destination, name);

        // Written under a temporary name and moved: a reader never sees half a message.
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path);
        return path;
    }

    private static string Safe(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
