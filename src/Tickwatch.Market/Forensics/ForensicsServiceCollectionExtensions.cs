using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Market.Forensics;

/// <summary>Registers the order forensics: its settings, the client that asks the gateways what they showed, and the evidence gatherer.</summary>
public static class ForensicsServiceCollectionExtensions
{
    /// <returns>The forensics options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<OrderForensicsOptions> AddOrderForensics(this IServiceCollection services, IConfiguration configuration)
    {
        var forensics = services.AddBoundOptions(configuration, OrderForensicsOptions.SectionName, new OrderForensicsOptionsValidator());

        // Each call sets its own deadline (Forensics:GatewayTimeout), so one slow gateway never holds up the answer.
        services.AddHttpClient<GatewayShownPrices>(client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton<OrderForensics>();
        return forensics;
    }
}
