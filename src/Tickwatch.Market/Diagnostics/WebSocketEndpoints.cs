using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Market.Diagnostics.WebSocket;
using Tickwatch.Market.Feeds;

namespace Tickwatch.Market.Diagnostics;

/// <summary><c>GET /api/debug/websocket</c>: connection status, history, message flow and errors, in total and per feed.</summary>
public static class WebSocketEndpoints
{
    public static RouteGroupBuilder MapWebSocketDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/websocket", GetWebSocket)
            .WithName("WebSocketDiagnostics")
            .WithSummary("Feed listeners: running, connection history, message rates and parse errors.");
        return debug;
    }

    private static Ok<WebSocketReport> GetWebSocket(FeedListenerSet listeners, TimeProvider time) =>
        TypedResults.Ok(WebSocketReportBuilder.Build(listeners.Snapshot(), time.GetUtcNow()));
}
