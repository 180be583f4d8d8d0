using Microsoft.Extensions.Options;

namespace Tickwatch.Storage.Writing;

/// <summary>Checks the <c>StoreWriter</c> section's delays and windows (the ranges are checked by their attributes), every problem at once.</summary>
public sealed class PriceStoreWriterOptionsValidator : IValidateOptions<PriceStoreWriterOptions>
{
    public ValidateOptionsResult Validate(string? name, PriceStoreWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.RetryInitialDelay <= TimeSpan.Zero)
        {
            errors.Add($"StoreWriter:RetryInitialDelay must be more than 0; it is {options.RetryInitialDelay}.");
        }

        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            errors.Add($"StoreWriter:RetryMaxDelay ({options.RetryMaxDelay}) must be at least StoreWriter:RetryInitialDelay ({options.RetryInitialDelay}).");
        }

        if (options.LatencyWindow < TimeSpan.FromSeconds(1))
        {
            errors.Add($"StoreWriter:LatencyWindow must be at least 1 second; it is {options.LatencyWindow}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
