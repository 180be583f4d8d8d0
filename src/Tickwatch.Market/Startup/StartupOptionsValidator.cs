using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Startup;

/// <summary>Checks the start-up settings, reporting every problem at once.</summary>
public sealed class StartupOptionsValidator : IValidateOptions<StartupOptions>
{
    public ValidateOptionsResult Validate(string? name, StartupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.CheckTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{StartupOptions.SectionName}:CheckTimeout must be positive (was {options.CheckTimeout}).");
        }

        if (options.RecheckInterval <= TimeSpan.Zero)
        {
            errors.Add($"{StartupOptions.SectionName}:RecheckInterval must be positive (was {options.RecheckInterval}).");
        }

        if (options.MaxMemoryUsagePercent is <= 0 or > 100 || double.IsNaN(options.MaxMemoryUsagePercent))
        {
            errors.Add($"{StartupOptions.SectionName}:MaxMemoryUsagePercent must be above 0 and at most 100 (was {options.MaxMemoryUsagePercent}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
