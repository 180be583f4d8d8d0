using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Gateway.Auth;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Gateway.Streaming;

/// <summary><c>GET /api/stream</c>: live prices over WebSocket (token in <c>Authorization</c> or <c>?access_token=</c>).</summary>
/// <remarks>
/// Client sends <c>{"type":"subscribe","symbols":["EURUSD","GBPUSD"]}</c>; the gateway replies <c>subscribed</c>, then sends each
/// symbol's latest price and every newer one as <c>{"type":"price",…,"sequence":…,"age_ms":…}</c>, and <c>{"type":"stale",…}</c>
/// when a symbol outlives its age limit without a new price. A client too far behind, one whose token expires, one that keeps
/// sending commands over the rate, and one more stream than its user may have open are closed with code 1008 and the reason.
/// </remarks>
public static class StreamEndpoints
{
    /// <summary>The stream's path; browsers, which cannot set headers on a WebSocket, pass the token as <c>?access_token=</c> here.</summary>
    public const string Path = "/api/stream";

    public static IEndpointRouteBuilder MapPriceStream(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, StreamAsync)
            .RequireAuthorization()
            .WithTags("Quotes")
            .WithName("PriceStream")
            .WithSummary("WebSocket: subscribe to symbols and receive each price update with its sequence and age.");
        return app;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(HttpContext context, LivePriceStream hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required", detail: $"Open {Path} as a WebSocket.");
        }

        var user = ClientClaims.UserKey(context.User) ?? "anonymous";
        var admission = hub.Admit(user);
        if (admission == StreamAdmission.GatewayFull)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many stream clients", detail: "Try again shortly.");
        }

        if (admission == StreamAdmission.UserFull)
        {
            // Accepted to be closed with a reason: a browser sees only "failed" for an HTTP status before the upgrade.
            using var refused = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await hub.RefuseAsync(refused).ConfigureAwait(false);
            return TypedResults.Empty;
        }

        // The user's place is given back however the stream ends: a close, an abort, or a fault.
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            if (hub.Options.SocketSendBufferBytes is { } bytes && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } tcp)
            {
                // A small kernel buffer keeps a stalled client's backlog where the gateway can see it.
                tcp.SendBufferSize = bytes;
            }

            using var session = hub.Open(socket, user, RequestCorrelation.Of(context), ClientClaims.ExpiresAt(context.User));
            await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            hub.Leave(user);
        }

        return TypedResults.Empty;
    }
}
