using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Warmup;

/// <summary>Checks the warm-up settings, reporting every problem at once.</summary>
public sealed class WarmupOptionsValidator : IValidateOptions<WarmupOptions>
{
    public ValidateOptionsResult Validate(string? name, WarmupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{WarmupOptions.SectionName}:RetryDelay must be positive (was {options.RetryDelay}).");
        }

        if (options.HistorySize is < 1 or > 1000)
        {
            errors.Add($"{WarmupOptions.SectionName}:HistorySize must be between 1 and 1000 (was {options.HistorySize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
