using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>What the <c>ProviderLink</c> section's attributes cannot say: an endpoint when enabled, and delays in order.</summary>
public sealed class ProviderLinkOptionsValidator : IValidateOptions<ProviderLinkOptions>
{
    public ValidateOptionsResult Validate(string? name, ProviderLinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Enabled && string.IsNullOrWhiteSpace(options.UnixSocketPath) && string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add($"{ProviderLinkOptions.Section}:{nameof(ProviderLinkOptions.Host)}: a host (or {nameof(ProviderLinkOptions.UnixSocketPath)}) is required when the link is enabled.");
        }

        if (options.ReconnectMaxDelay < options.ReconnectMinDelay)
        {
            errors.Add($"{ProviderLinkOptions.Section}:{nameof(ProviderLinkOptions.ReconnectMaxDelay)} must not be below {nameof(ProviderLinkOptions.ReconnectMinDelay)}.");
        }

        return OptionsValidation.Result(errors);
    }
}
