using Microsoft.Extensions.Options;
using MimeKit;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>What the <c>AutoCutoff</c> section's attributes cannot say: a sender address, a mail folder, a password only with a user.</summary>
public sealed class AutoCutoffOptionsValidator : IValidateOptions<AutoCutoffOptions>
{
    public ValidateOptionsResult Validate(string? name, AutoCutoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var section = AutoCutoffOptions.Section;
        if (!MailboxAddress.TryParse(options.Smtp.From, out _))
        {
            errors.Add($"{section}:Smtp:From: '{options.Smtp.From}' is not an e-mail address.");
        }

        if (!options.Smtp.IsConfigured && (string.IsNullOrWhiteSpace(options.MailFolder) || options.MailFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"{section}:{nameof(AutoCutoffOptions.MailFolder)}: a folder is required when no SMTP server is configured ({section}:Smtp:Host).");
        }

        if (!string.IsNullOrEmpty(options.Smtp.Password) && string.IsNullOrEmpty(options.Smtp.User))
        {
            errors.Add($"{section}:Smtp:Password is set without {section}:Smtp:User (its value is not shown).");
        }

        if (options.Owner is { } owner && owner.Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"{section}:{nameof(AutoCutoffOptions.Owner)}: '{owner}' must not contain ':' (the lock's value is token:owner).");
        }

        return OptionsValidation.Result(errors);
    }
}
