using Microsoft.Extensions.Options;
using Tickwatch.Core.Symbols;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Hosting.Symbols;

/// <summary>Checks the price limits through <see cref="PricesOptionsRules"/>, reporting every problem at once.</summary>
public sealed class PricesOptionsValidator : IValidateOptions<PricesOptions>
{
    public ValidateOptionsResult Validate(string? name, PricesOptions options) => OptionsValidation.Result(PricesOptionsRules.Errors(options));
}
