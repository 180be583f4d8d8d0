using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Tickwatch.Market.Dashboard;

/// <summary><c>GET /api/debug/dashboard</c>: everything the dashboard page draws, in one compact body.</summary>
public static class DashboardEndpoints
{
    /// <summary>Key of the unindented JSON options the dashboard's data is written with (the page polls it every second).</summary>
    public const string JsonOptionsKey = "dashboard";

    public static RouteGroupBuilder MapDashboardData(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/dashboard", GetDashboardAsync)
            .WithName("DashboardData")
            .WithSummary("What the dashboard at / draws: the diagnosis, each feed and its message-rate history, every symbol's freshness, Redis nodes, background services, trading.");
        return debug;
    }

    private static async Task<JsonHttpResult<DashboardReport>> GetDashboardAsync(
        DashboardReporter reporter, [FromKeyedServices(JsonOptionsKey)] JsonSerializerOptions json, HttpResponse response, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        return TypedResults.Json(await reporter.BuildAsync(cancellationToken).ConfigureAwait(false), json);
    }
}
