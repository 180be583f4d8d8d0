using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Health;

/// <summary>Checks the health settings, reporting every problem at once.</summary>
public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Interval <= TimeSpan.Zero)
        {
            errors.Add($"{HealthOptions.SectionName}:Interval must be positive (was {options.Interval}).");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{HealthOptions.SectionName}:ProbeTimeout must be positive (was {options.ProbeTimeout}).");
        }

        if (options.MinFreshFraction is < 0 or > 1 || double.IsNaN(options.MinFreshFraction))
        {
            errors.Add($"{HealthOptions.SectionName}:MinFreshFraction must be between 0 and 1 (was {options.MinFreshFraction}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
