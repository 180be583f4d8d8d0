using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Core.Symbols;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Hosting.Symbols;

/// <summary>Registers the price limits (section <c>Prices</c>) and the <see cref="SymbolRegistry"/> built from them.</summary>
public static class SymbolsServiceCollectionExtensions
{
    /// <param name="services">The role's services.</param>
    /// <param name="configuration">The role's configuration.</param>
    /// <param name="symbols">The process's registry when it runs several roles (<c>tickwatch up</c>); built from the settings when null.</param>
    /// <returns>The options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<PricesOptions> AddSymbols(this IServiceCollection services, IConfiguration configuration, SymbolRegistry? symbols = null)
    {
        var prices = services.AddBoundOptions(configuration, PricesOptions.SectionName, new PricesOptionsValidator());
        if (symbols is not null)
        {
            services.AddSingleton(symbols);
        }
        else
        {
            // Built on first use: the catalog refuses settings the validator has already reported.
            services.AddSingleton(_ => SymbolCatalog.Create(prices.Value));
        }

        return prices;
    }
}
