using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tickwatch.Gateway.Auth;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Gives every request a correlation id (echoed in <c>X-Correlation-Id</c>) and logs one line when it ends.</summary>
/// <remarks>The path is logged without its query string: a WebSocket client's token travels there.</remarks>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = CorrelationId.Assign(context);
        context.Response.Headers[CorrelationId.HeaderName] = id;
        var started = Stopwatch.GetTimestamp();
        using var scope = logger.BeginScope(new KeyValuePair<string, object>[] { new("CorrelationId", id) });
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Log(ex))
        {
            throw;
        }

        GatewayLog.Request(
            logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, id, ClientClaims.ClientKey(context));

        bool Log(Exception ex)
        {
            GatewayLog.RequestFailed(logger, ex, context.Request.Method, context.Request.Path.Value ?? "/", Stopwatch.GetElapsedTime(started).TotalMilliseconds, id);
            return false;
        }
    }
}
