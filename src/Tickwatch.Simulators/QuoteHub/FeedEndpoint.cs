using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tickwatch.Simulators.Control;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The WebSocket endpoint of a feed: checks the token, accepts, and streams until the connection ends.</summary>
internal static class FeedEndpoint
{
    public static async Task HandleAsync(HttpContext context, QuoteHubEngine engine, HubFeed feed, string? token, ILogger logger, CancellationToken stopping)
    {
        if (!ControlRequests.TokenMatches(context.Request.Query["token"], token))
        {
            logger.ConnectionRefused(feed.Name, "missing or wrong token");
            await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Pass the hub's token as ?token=.").ExecuteAsync(context);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required", detail: $"{feed.Path} serves the {feed.Name} feed over WebSocket only.").ExecuteAsync(context);
            return;
        }

        if (engine.IsRefusingConnections(feed))
        {
            logger.ConnectionRefused(feed.Name, "a drop fault is refusing connections");
            await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Feed unavailable", detail: "A drop fault is refusing connections to this feed.").ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = engine.OpenConnection(feed, socket, context);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.ConnectionOpened(connection.Id, feed.Name, context.Connection.RemoteIpAddress?.ToString());
        }

        var reason = "connection lost";
        try
        {
            reason = await connection.RunAsync(stopping);
        }
        finally
        {
            connection.MarkEnded();
            feed.Remove(connection);
            logger.ConnectionClosed(connection.Id, feed.Name, reason, connection.FramesSent, connection.FramesDropped);
        }
    }
}
