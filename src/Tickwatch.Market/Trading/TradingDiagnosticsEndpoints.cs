using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Tickwatch.Market.Trading;

/// <summary><c>GET /api/debug/trading</c>: orders, refusals by reason, and the last executions with the quotes they used.</summary>
public static class TradingDiagnosticsEndpoints
{
    public static RouteGroupBuilder MapTradingDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/trading", Get)
            .WithName("TradingDiagnostics")
            .WithSummary("Orders by type and final status, refusals by reason, the last executions with their quote lineage.");
        return debug;
    }

    private static Ok<TradingReport> Get(TradingDiagnostics diagnostics) => TypedResults.Ok(diagnostics.Report());
}
