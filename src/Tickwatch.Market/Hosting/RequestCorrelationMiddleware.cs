using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Hosting;

/// <summary>
/// Gives every request a correlation id (see <see cref="RequestCorrelation"/>), echoes it in <c>X-Correlation-Id</c>, puts it
/// on every log line written while handling the request, and times it; each service writes its own line when it ends.
/// </summary>
/// <remarks>The market service's and the gateway's request logging, so that both follow one rule.</remarks>
public abstract class RequestCorrelationMiddleware(RequestDelegate next, ILogger logger)
{
    protected ILogger Logger { get; } = logger;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = RequestCorrelation.Assign(context);
        context.Response.Headers[RequestCorrelation.HeaderName] = id;
        var started = Stopwatch.GetTimestamp();
        using var scope = RequestCorrelation.BeginScope(Logger, id);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (LogFailure(ex))
        {
            throw;
        }

        Ended(context, id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        // In the exception filter, so the line is written inside the request's scope, before the stack unwinds.
        bool LogFailure(Exception ex)
        {
            Failed(context, ex, id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return false;
        }
    }

    /// <summary>Writes the line of a request that ended with a response.</summary>
    protected abstract void Ended(HttpContext context, string correlationId, double elapsedMs);

    /// <summary>Writes the line of a request that ended with an exception nothing inside handled.</summary>
    protected abstract void Failed(HttpContext context, Exception exception, string correlationId, double elapsedMs);
}
