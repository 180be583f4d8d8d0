using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tickwatch.Gateway.Auth;
using Tickwatch.Market.Hosting;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Gives every request a correlation id (echoed in <c>X-Correlation-Id</c>, on every line of the request) and logs one line when it ends.</summary>
/// <remarks>The path is logged without its query string: a WebSocket client's token travels there.</remarks>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger) : RequestCorrelationMiddleware(next, logger)
{
    protected override void Ended(HttpContext context, string correlationId, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(context);
        GatewayLog.Request(
            Logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, elapsedMs, correlationId, ClientClaims.ClientKey(context));
    }

    protected override void Failed(HttpContext context, Exception exception, string correlationId, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(context);
        GatewayLog.RequestFailed(Logger, exception, context.Request.Method, context.Request.Path.Value ?? "/", elapsedMs, correlationId);
    }
}
