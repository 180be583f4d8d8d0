using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Market.Diagnostics.Comprehensive;

namespace Tickwatch.Market.Diagnostics;

/// <summary><c>GET /api/debug/comprehensive</c>: every diagnostic in one call, each section under its own time limit.</summary>
public static class ComprehensiveEndpoints
{
    public static RouteGroupBuilder MapComprehensiveDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/comprehensive", GetComprehensiveAsync)
            .WithName("ComprehensiveDiagnostics")
            .WithSummary("System, Redis, WebSocket feeds, market data, background services, performance and recent errors in one call; a slow section says timed_out.");
        return debug;
    }

    private static async Task<Ok<ComprehensiveReport>> GetComprehensiveAsync(ComprehensiveDiagnostics diagnostics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await diagnostics.CollectAsync(cancellationToken).ConfigureAwait(false));
}
