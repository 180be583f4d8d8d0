using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Feeds.Listening;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Market.Feeds;

/// <summary>Reads the feeds the market service listens to (section <c>Feeds</c>, a list), once.</summary>
public static class FeedsServiceCollectionExtensions
{
    /// <summary>The configured feeds, or both feeds of the quote hub on its default port when none are.</summary>
    /// <param name="services">The service's services.</param>
    /// <param name="configuration">The service's configuration (section <c>Feeds</c>).</param>
    /// <param name="isBrokerSymbol">Whether the service knows a broker symbol, to check the Binance feeds' symbol maps at start.</param>
    /// <returns>The feeds and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<List<FeedOptions>> AddFeedOptions(this IServiceCollection services, IConfiguration configuration, Func<string, bool>? isBrokerSymbol = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var feeds = configuration.GetSection(DefaultFeeds.SectionName).Get<List<FeedOptions>>() is { Count: > 0 } configured
            ? configured
            : DefaultFeeds.ForQuoteHub();
        var errors = OptionsValidation.Errors(feeds, [new FeedsOptionsValidator(isBrokerSymbol)]);
        for (var i = 0; i < feeds.Count; i++)
        {
            // The venue's API key is a secret: a settings file or switch would hand it to whoever reads them.
            var key = $"{DefaultFeeds.SectionName}:{i}:{nameof(FeedOptions.ApiKey)}";
            errors.AddRange(SecretSources.OutsideEnvironment(configuration, key).Select(source =>
                $"{key} must come from the environment ({SecretSources.VariableFor(key)}), not from {source}."));
        }

        return new BoundOptions<List<FeedOptions>>(feeds, errors);
    }
}
