using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Forensics;

/// <summary>Checks the order forensics settings, reporting every problem at once.</summary>
public sealed class OrderForensicsOptionsValidator : IValidateOptions<OrderForensicsOptions>
{
    private const string Section = OrderForensicsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, OrderForensicsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Gateways.Count; i++)
        {
            if (options.Gateways[i] is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
            {
                errors.Add($"{Section}:Gateways:{i} must be an absolute http or https address (was {options.Gateways[i]}).");
            }
        }

        Positive(errors, nameof(options.GatewayTimeout), options.GatewayTimeout, TimeSpan.FromMinutes(1));
        Positive(errors, nameof(options.ShownLookback), options.ShownLookback, TimeSpan.FromHours(1));
        Positive(errors, nameof(options.StaleView), options.StaleView, TimeSpan.FromMinutes(10));
        if (options.ShownListed is < 1 or > 1_000)
        {
            errors.Add($"{Section}:ShownListed must be between 1 and 1000 (was {options.ShownListed}).");
        }

        if (options.SlowClientNewerPrices < 1)
        {
            errors.Add($"{Section}:SlowClientNewerPrices must be at least 1 (was {options.SlowClientNewerPrices}).");
        }

        if (options.FeedDivergencePips <= 0m)
        {
            errors.Add($"{Section}:FeedDivergencePips must be above 0 (was {options.FeedDivergencePips}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            errors.Add($"{Section}:{key} must be above 0 and at most {max} (was {value}).");
        }
    }
}
