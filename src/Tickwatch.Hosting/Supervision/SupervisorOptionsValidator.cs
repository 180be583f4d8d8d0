using Microsoft.Extensions.Options;

namespace Tickwatch.Hosting.Supervision;

/// <summary>Checks the supervisor's timings, reporting every problem at once.</summary>
public sealed class SupervisorOptionsValidator : IValidateOptions<SupervisorOptions>
{
    public ValidateOptionsResult Validate(string? name, SupervisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckPositive(errors, nameof(options.ShutdownTimeout), options.ShutdownTimeout);
        CheckPositive(errors, nameof(options.RestartInitialDelay), options.RestartInitialDelay);
        CheckPositive(errors, nameof(options.StableAfter), options.StableAfter);
        if (options.RestartMaxDelay < options.RestartInitialDelay)
        {
            errors.Add($"{SupervisorOptions.SectionName}:RestartMaxDelay must not be below RestartInitialDelay (was {options.RestartMaxDelay}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckPositive(List<string> errors, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{SupervisorOptions.SectionName}:{option} must be positive (was {value}).");
        }
    }
}
