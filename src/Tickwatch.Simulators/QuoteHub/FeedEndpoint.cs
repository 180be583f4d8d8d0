using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Simulators.Control;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The WebSocket endpoint of a feed: checks the token (and a Binance SBE feed's API key), accepts, and streams until the connection ends.</summary>
internal static class FeedEndpoint
{
    /// <summary>The header the venue reads its API key from on the SBE streams.</summary>
    public const string ApiKeyHeader = "X-MBX-APIKEY";

    // The venue closes a connection whose pong does not come within a minute of its ping.
    private static readonly TimeSpan PongTimeout = TimeSpan.FromMinutes(1);

    /// <param name="context">The upgrade request.</param>
    /// <param name="engine">The hub.</param>
    /// <param name="feed">The feed asked for.</param>
    /// <param name="token">The hub's token, when it asks for one.</param>
    /// <param name="logger">The hub's log.</param>
    /// <param name="stopping">The hub is stopping.</param>
    /// <param name="combined">On a Binance feed: true for <c>/stream?streams=…</c>, false for <c>/ws/&lt;stream&gt;</c>; null on the others.</param>
    public static async Task HandleAsync(HttpContext context, QuoteHubEngine engine, HubFeed feed, string? token, ILogger logger, CancellationToken stopping, bool? combined = null)
    {
        if (!ControlRequests.TokenMatches(context.Request.Query["token"], token))
        {
            logger.ConnectionRefused(feed.Name, "missing or wrong token");
            await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Pass the hub's token as ?token=.").ExecuteAsync(context);
            return;
        }

        if (feed.Protocol == FeedProtocol.BinanceSbe && !ControlRequests.TokenMatches(context.Request.Headers[ApiKeyHeader], engine.ApiKey))
        {
            logger.ConnectionRefused(feed.Name, $"missing or wrong {ApiKeyHeader}");
            await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: $"Send the hub's API key in the {ApiKeyHeader} header.").ExecuteAsync(context);
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

        BinanceSession? session = null;
        if (feed.Venue is { } venue)
        {
            session = new BinanceSession(venue, combined == true, acceptAnyStream: feed.Replay is not null);
            if (!session.TrySubscribe(RequestedStreams(context, combined == true), out var error))
            {
                logger.ConnectionRefused(feed.Name, error!);
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown stream", detail: error).ExecuteAsync(context);
                return;
            }
        }

        using var socket = session is null
            ? await context.WebSockets.AcceptWebSocketAsync()
            : await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = feed.Options.PingInterval, KeepAliveTimeout = PongTimeout });
        var connection = engine.OpenConnection(feed, socket, context, session);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.ConnectionOpened(connection.Id, feed.Name, context.Connection.RemoteIpAddress?.ToString());
            if (session is not null)
            {
                logger.BinanceStreamsOpened(connection.Id, feed.Name, session.Combined ? "combined" : "raw", string.Join('/', session.Names));
            }
        }

        var reason = "connection lost";
        using var lifetimeCancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var lifetime = session is null ? null : LiveAsync(connection, session, feed, engine.TimeProvider, logger, lifetimeCancellation.Token);
        try
        {
            reason = await connection.RunAsync(stopping, lifetime);
        }
        finally
        {
            await lifetimeCancellation.CancelAsync();
            if (lifetime is not null)
            {
                await lifetime;
            }

            connection.MarkEnded();
            feed.Remove(connection);
            logger.ConnectionClosed(connection.Id, feed.Name, reason, connection.FramesSent, connection.FramesDropped);
        }
    }

    private static string[] RequestedStreams(HttpContext context, bool combined)
    {
        var streams = combined ? context.Request.Query["streams"].ToString() : context.Request.RouteValues["stream"] as string;
        return string.IsNullOrEmpty(streams) ? [] : streams.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A Binance connection's life: <c>serverShutdown</c> a notice before its end; true at the end, false when it ended first.</summary>
    private static async Task<bool> LiveAsync(HubConnection connection, BinanceSession session, HubFeed feed, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var lifetime = feed.Options.ConnectionLifetime;
        var notice = feed.Options.ShutdownNotice < lifetime / 2 ? feed.Options.ShutdownNotice : lifetime / 2;
        try
        {
            await Task.Delay(lifetime - notice, time, cancellationToken);
            await connection.EnqueueAsync(session.Venue.ServerShutdown(time.GetUtcNow(), session.Combined), WebSocketMessageType.Text, cancellationToken);
            logger.ServerShutdownSent(connection.Id, feed.Name, notice);
            await Task.Delay(notice, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
