using Microsoft.Extensions.Options;

namespace Tickwatch.Hosting.Options;

/// <summary>Turns a list of problems into a validator's result and back, so that every validator reports through one path.</summary>
public static class OptionsValidation
{
    /// <summary>Success when <paramref name="errors"/> is empty, else a failure listing each.</summary>
    public static ValidateOptionsResult Result(IReadOnlyCollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem <paramref name="validators"/> find in <paramref name="options"/>, in their order.</summary>
    public static List<string> Errors<T>(T options, IEnumerable<IValidateOptions<T>> validators)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(validators);
        var errors = new List<string>();
        foreach (var validator in validators)
        {
            if (validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options) is { Failed: true } result)
            {
                errors.AddRange(result.Failures ?? [result.FailureMessage]);
            }
        }

        return errors;
    }
}
