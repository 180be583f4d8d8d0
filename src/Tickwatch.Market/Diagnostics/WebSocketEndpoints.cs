using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Diagnostics.WebSocket;
using Tickwatch.Market.Feeds;

namespace Tickwatch.Market.Diagnostics;

/// <summary><c>GET /api/debug/websocket</c>: connection status, history, message flow and errors, in total and per feed.</summary>
public static class WebSocketEndpoints
{
    public static RouteGroupBuilder MapWebSocketDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/websocket", GetWebSocketAsync)
            .WithName("WebSocketDiagnostics")
            .WithSummary("Feed listeners: running, connection history, message rates and parse errors.");
        return debug;
    }

    // The guide's monitoring script reads .connection_status.is_running here: a standby's feed (written elsewhere) is not down.
    private static async Task<Ok<WebSocketReport>> GetWebSocketAsync(FeedListenerSet listeners, TimeProvider time, IServiceProvider services, CancellationToken cancellationToken)
    {
        var snapshots = listeners.Snapshot();
        var roles = services.GetService<FeedRoles>() is { } known
            ? await known.OfAsync(snapshots.Select(f => f.Name), cancellationToken).ConfigureAwait(false)
            : null;
        return TypedResults.Ok(WebSocketReportBuilder.Build(snapshots, time.GetUtcNow(), roles));
    }
}
