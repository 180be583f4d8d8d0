using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Hosting.Options;
using Tickwatch.Storage.Writing;

namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>Registers the symbol timeline: its bounds, and the one instance the price book's sink and the store writer (as its observer) tell.</summary>
public static class SymbolTimelineServiceCollectionExtensions
{
    /// <returns>The timeline's options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<SymbolTimelineOptions> AddSymbolTimeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddBoundOptions(configuration, SymbolTimelineOptions.SectionName, new SymbolTimelineOptionsValidator());
        services.AddSingleton<SymbolTimeline>();
        services.AddSingleton<IPriceWriteObserver>(sp => sp.GetRequiredService<SymbolTimeline>());
        services.AddSingleton<IFeedPriceHistory>(sp => sp.GetRequiredService<SymbolTimeline>());
        return options;
    }
}
