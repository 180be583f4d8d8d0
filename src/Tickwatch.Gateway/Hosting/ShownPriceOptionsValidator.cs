using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Hosting.Options;
using static Tickwatch.Gateway.Hosting.OptionChecks;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Checks the bounds of what the gateway remembers it showed (section <c>Gateway:Forensics</c>), reporting every problem at once.</summary>
public sealed class ShownPriceOptionsValidator : IValidateOptions<ShownPriceOptions>
{
    /// <summary>Most prices per user and symbol: a ring's slots are counted in an int, and more would outgrow any budget.</summary>
    public const int MaxShownPerSymbol = 65_536;

    /// <summary>Fewest bytes allowed: room for a user's rings at the default cap, so one user never evicts itself.</summary>
    public const long MinMaxBytes = 16L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, ShownPriceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Positive(errors, "Gateway:Forensics:ShownWindow", options.ShownWindow);
        if (options.ShownWindow > TimeSpan.FromDays(1))
        {
            errors.Add($"Gateway:Forensics:ShownWindow must be at most 1.00:00:00 (was {options.ShownWindow}).");
        }

        AtLeastOne(errors, "Gateway:Forensics:ShownPerSymbol", options.ShownPerSymbol);
        if (options.ShownPerSymbol > MaxShownPerSymbol)
        {
            errors.Add($"Gateway:Forensics:ShownPerSymbol must be at most {MaxShownPerSymbol} (was {options.ShownPerSymbol}).");
        }

        AtLeastOne(errors, "Gateway:Forensics:MaxUsers", options.MaxUsers);
        if (options.MaxBytes < MinMaxBytes)
        {
            errors.Add($"Gateway:Forensics:MaxBytes must be at least {MinMaxBytes} (16 MiB; was {options.MaxBytes}).");
        }

        return OptionsValidation.Result(errors);
    }
}
