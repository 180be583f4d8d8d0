using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Market.Dashboard;

/// <summary>Registers the dashboard: its settings, the rate history and its sampler, the report builder and the embedded page.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <returns>The dashboard's options and their problems, for the host's <see cref="OptionsErrors"/>.</returns>
    public static BoundOptions<DashboardOptions> AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        var dashboard = services.AddBoundOptions(configuration, DashboardOptions.SectionName, new DashboardOptionsValidator());
        services.AddSingleton(_ => new FeedRateHistory(dashboard.Value.Capacity, dashboard.Value.SampleInterval));
        services.AddSingleton<DashboardReporter>();
        services.AddSingleton<DashboardAssets>();

        // The service's JSON conventions, unindented: the page reads it every second and no person does.
        services.AddKeyedSingleton(
            DashboardEndpoints.JsonOptionsKey,
            (sp, _) => new JsonSerializerOptions(sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions) { WriteIndented = false });
        services.AddHostedService<FeedRateSampler>();
        return dashboard;
    }
}
