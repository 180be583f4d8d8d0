using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Checks the diagnostics settings, reporting every problem at once.</summary>
public sealed class DiagnosticsOptionsValidator : IValidateOptions<DiagnosticsOptions>
{
    private static readonly TimeSpan MaxSectionTimeout = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, DiagnosticsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.SectionTimeout <= TimeSpan.Zero || options.SectionTimeout > MaxSectionTimeout)
        {
            errors.Add($"{DiagnosticsOptions.SectionName}:SectionTimeout must be positive and at most {MaxSectionTimeout} (was {options.SectionTimeout}).");
        }

        if (options.RecentErrorCapacity is < 1 or > 100_000)
        {
            errors.Add($"{DiagnosticsOptions.SectionName}:RecentErrorCapacity must be between 1 and 100000 (was {options.RecentErrorCapacity}).");
        }

        if (options.RecentErrorsShown < 0 || options.RecentErrorsShown > options.RecentErrorCapacity)
        {
            errors.Add($"{DiagnosticsOptions.SectionName}:RecentErrorsShown must be between 0 and RecentErrorCapacity ({options.RecentErrorCapacity}) (was {options.RecentErrorsShown}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
