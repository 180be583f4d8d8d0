using Microsoft.Extensions.Options;
using Tickwatch.Gateway.OrderEntry;
using Tickwatch.Hosting.Options;
using static Tickwatch.Gateway.Hosting.OptionChecks;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Checks the order entry rate limit (section <c>Gateway:OrderEntry</c>), reporting every problem at once.</summary>
public sealed class OrderEntryOptionsValidator : IValidateOptions<OrderEntryOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        AtLeastOne(errors, "Gateway:OrderEntry:BurstLimit", options.BurstLimit);
        AtLeastOne(errors, "Gateway:OrderEntry:TokensPerPeriod", options.TokensPerPeriod);
        Positive(errors, "Gateway:OrderEntry:ReplenishPeriod", options.ReplenishPeriod);
        AtLeastOne(errors, "Gateway:OrderEntry:ReadBurstLimit", options.ReadBurstLimit);
        AtLeastOne(errors, "Gateway:OrderEntry:ReadTokensPerPeriod", options.ReadTokensPerPeriod);
        return OptionsValidation.Result(errors);
    }
}
