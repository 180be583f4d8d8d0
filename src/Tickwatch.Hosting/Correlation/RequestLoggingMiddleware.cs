using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Hosting.Correlation;

/// <summary>
/// Gives every request a correlation id (see <see cref="RequestCorrelation"/>), echoes it in <c>X-Correlation-Id</c>, puts it
/// on every log line written while handling the request, times it, and writes one line when it ends.
/// </summary>
/// <remarks>
/// Every role's request logging, so that all follow one rule; <see cref="RequestLoggingPolicy"/> holds what differs.
/// The path is logged without its query string: a WebSocket client's token travels there.
/// </remarks>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger, TimeProvider time, RequestLoggingPolicy policy)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = RequestCorrelation.Assign(context);
        context.Response.Headers[RequestCorrelation.HeaderName] = id;
        var started = time.GetTimestamp();
        using var scope = RequestCorrelation.BeginScope(logger, id);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (LogFailure(ex))
        {
            throw;
        }

        Ended(context, id, time.GetElapsedTime(started).TotalMilliseconds);

        // In the exception filter, so the line is written inside the request's scope, before the stack unwinds.
        bool LogFailure(Exception ex)
        {
            RequestLog.RequestFailed(logger, ex, context.Request.Method, PathOf(context), time.GetElapsedTime(started).TotalMilliseconds, id);
            return false;
        }
    }

    private void Ended(HttpContext context, string correlationId, double elapsedMs)
    {
        var level = policy.LevelOf(context.Request.Path);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        // Locals: this SDK's CA1873 does not take the early return above for a guard around a static [LoggerMessage] call.
        var path = PathOf(context);
        if (policy.ClientOf is { } clientOf)
        {
            var client = clientOf(context);
            RequestLog.ClientRequest(logger, level, context.Request.Method, path, context.Response.StatusCode, elapsedMs, correlationId, client);
        }
        else
        {
            RequestLog.Request(logger, level, context.Request.Method, path, context.Response.StatusCode, elapsedMs, correlationId);
        }
    }

    private static string PathOf(HttpContext context) => context.Request.Path.Value ?? "/";
}
