using Microsoft.Extensions.Options;
using MimeKit;
using Tickwatch.Hosting.Options;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>What the <c>AutoCutoff</c> section's attributes cannot say: a sender address, a mail folder, a password only with a user, and in a leased cluster a lock renewed no faster than the leases.</summary>
/// <param name="cluster">The <c>Cluster</c> section, when the service runs in one.</param>
public sealed class AutoCutoffOptionsValidator(ClusterOptions? cluster = null) : IValidateOptions<AutoCutoffOptions>
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

        if (cluster is { Mode: ClusterMode.Leased })
        {
            // The watcher renews a stop-out's lock every third of its life; two renewals may fail before another owner takes it.
            if (options.LockTtl / 3 < cluster.RenewInterval)
            {
                errors.Add($"{section}:{nameof(AutoCutoffOptions.LockTtl)} ({options.LockTtl}) is renewed every third of it ({options.LockTtl / 3}); in a leased cluster that must be at least Cluster:RenewInterval ({cluster.RenewInterval}).");
            }

            if (string.IsNullOrWhiteSpace(options.Owner) && cluster.InstanceId is { } instance && instance.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"{section}:{nameof(AutoCutoffOptions.Owner)} is unset, so the lock names Cluster:InstanceId '{instance}', which must then not contain ':' (the lock's value is token:owner).");
            }
        }

        return OptionsValidation.Result(errors);
    }
}
