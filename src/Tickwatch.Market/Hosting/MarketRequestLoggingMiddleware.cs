using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Hosting;

/// <summary>
/// The market service's request logging: the caller's correlation id (the gateway's, when it called) on every line of the
/// request, and one line when it ends.
/// </summary>
/// <remarks>
/// Operators' calls (<c>/api/*</c>) are logged at Information; what is polled — <c>/health</c>, <c>/metrics</c>, the dashboard's
/// page and its data every second — at Debug, so that the log shows what people asked rather than what machines poll.
/// </remarks>
public sealed class MarketRequestLoggingMiddleware(RequestDelegate next, ILogger<MarketRequestLoggingMiddleware> logger)
    : RequestCorrelationMiddleware(next, logger)
{
    private static readonly PathString Api = "/api";
    private static readonly PathString DashboardData = "/api/debug/dashboard";

    /// <summary>Information for an operator's call, Debug for what is polled.</summary>
    public static LogLevel LevelOf(PathString path) =>
        path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments(DashboardData, StringComparison.OrdinalIgnoreCase)
            ? LogLevel.Information
            : LogLevel.Debug;

    protected override void Ended(HttpContext context, string correlationId, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(context);
        var level = LevelOf(context.Request.Path);
        if (Logger.IsEnabled(level))
        {
            HostingLog.Request(Logger, level, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, elapsedMs, correlationId);
        }
    }

    protected override void Failed(HttpContext context, Exception exception, string correlationId, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(context);
        HostingLog.RequestFailed(Logger, exception, context.Request.Method, context.Request.Path.Value ?? "/", elapsedMs, correlationId);
    }
}
