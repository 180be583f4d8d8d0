using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Hosting.Correlation;

/// <summary>What a role's request lines say beyond the common part: the level of a path, and who the client is.</summary>
/// <remarks>Registered by the host through <c>AddTickwatchDefaults</c>; <see cref="OperatorCalls"/> when it gives none.</remarks>
public sealed class RequestLoggingPolicy
{
    private static readonly PathString Api = "/api";
    private static readonly PathString DashboardData = "/api/debug/dashboard";

    /// <summary>
    /// Operators' calls (<c>/api/*</c>) at Information; what is polled — <c>/health</c>, <c>/metrics</c>, the dashboard's
    /// page and its data every second — at Debug, so that the log shows what people asked rather than what machines poll.
    /// </summary>
    public static RequestLoggingPolicy OperatorCalls { get; } = new() { LevelOf = OperatorCallLevel };

    /// <summary>The level of a request's line, from its path.</summary>
    public Func<PathString, LogLevel> LevelOf { get; init; } = _ => LogLevel.Information;

    /// <summary>The client a line names (the gateway's), or null for a line without one.</summary>
    public Func<HttpContext, string>? ClientOf { get; init; }

    /// <summary>Information for an operator's call, Debug for what is polled.</summary>
    public static LogLevel OperatorCallLevel(PathString path) =>
        path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments(DashboardData, StringComparison.OrdinalIgnoreCase)
            ? LogLevel.Information
            : LogLevel.Debug;
}
