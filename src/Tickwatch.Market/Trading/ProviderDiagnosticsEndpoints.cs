using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Market.Trading;

/// <summary><c>GET /api/debug/provider</c>: the provider link's state, endpoint, queue, orders in flight, reports applied and duplicates, frame errors by category, the last reports, and the pending monitor's cancels and holds.</summary>
public static class ProviderDiagnosticsEndpoints
{
    public static RouteGroupBuilder MapProviderDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/provider", Get)
            .WithName("ProviderDiagnostics")
            .WithSummary("The provider link: state, endpoint, connected since, reconnects, queue depth, in-flight orders, reports applied and duplicates ignored, frame errors by category, last reports.");
        return debug;
    }

    /// <summary>The link's snapshot with the pending monitor's (when one is registered): this route's body and the comprehensive report's <c>provider</c> section.</summary>
    public static ProviderLinkSnapshot ReportOf(ProviderConnectionManager manager, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return manager.Snapshot() with { PendingMonitor = (services?.GetService(typeof(ProviderPendingMonitor)) as ProviderPendingMonitor)?.Snapshot() };
    }

    private static Ok<ProviderLinkSnapshot> Get(ProviderConnectionManager manager, IServiceProvider services) => TypedResults.Ok(ReportOf(manager, services));
}
