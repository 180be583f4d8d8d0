using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Dashboard;

/// <summary>Registers the dashboard: its settings, the rate history and its sampler, the report builder and the embedded page.</summary>
public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.SectionName));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DashboardOptions>>().Value;
            return new FeedRateHistory(options.Capacity, options.SampleInterval);
        });
        services.AddSingleton<DashboardReporter>();
        services.AddSingleton<DashboardAssets>();

        // The service's JSON conventions, unindented: the page reads it every second and no person does.
        services.AddKeyedSingleton(
            DashboardEndpoints.JsonOptionsKey,
            (sp, _) => new JsonSerializerOptions(sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions) { WriteIndented = false });
        services.AddHostedService<FeedRateSampler>();
        return services;
    }
}
