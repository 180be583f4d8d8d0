using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Core.Symbols;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Hosting.Symbols;

/// <summary>Registers the price limits (section <c>Prices</c>) and the <see cref="SymbolRegistry"/> built from them.</summary>
public static class SymbolsServiceCollectionExtensions
{
    /// <returns>The options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<PricesOptions> AddSymbols(this IServiceCollection services, IConfiguration configuration)
    {
        var prices = services.AddBoundOptions(configuration, PricesOptions.SectionName, new PricesOptionsValidator());

        // Built on first use: the catalog refuses settings the validator has already reported.
        services.AddSingleton(_ => SymbolCatalog.Create(prices.Value));
        return prices;
    }
}
