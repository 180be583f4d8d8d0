using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Dashboard;

/// <summary>Checks the dashboard settings, reporting every problem at once.</summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    private const int MaxPoints = 86_400;
    private static readonly TimeSpan MinSampleInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxSampleInterval = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.SampleInterval < MinSampleInterval || options.SampleInterval > MaxSampleInterval)
        {
            errors.Add($"{DashboardOptions.SectionName}:SampleInterval must be between {MinSampleInterval} and {MaxSampleInterval} (was {options.SampleInterval}).");
        }

        if (options.History < options.SampleInterval)
        {
            errors.Add($"{DashboardOptions.SectionName}:History must be at least SampleInterval ({options.SampleInterval}) (was {options.History}).");
        }
        else if (options.SampleInterval > TimeSpan.Zero && options.History.Ticks / options.SampleInterval.Ticks > MaxPoints)
        {
            errors.Add($"{DashboardOptions.SectionName}:History / SampleInterval must be at most {MaxPoints} points (was {options.History.Ticks / options.SampleInterval.Ticks}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
