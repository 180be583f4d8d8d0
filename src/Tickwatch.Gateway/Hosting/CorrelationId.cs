using Microsoft.AspNetCore.Http;
using Tickwatch.Market.Hosting;

namespace Tickwatch.Gateway.Hosting;

/// <summary>The id that ties one client request to the gateway's log line and to the market service's call and log.</summary>
/// <remarks>
/// The rule (the client's well-formed <c>X-Correlation-Id</c>, else a new one) and the request logging are the market
/// service's <see cref="RequestCorrelation"/> and <see cref="RequestCorrelationMiddleware"/>, so both services agree.
/// </remarks>
public static class CorrelationId
{
    public const string HeaderName = RequestCorrelation.HeaderName;

    /// <summary>The request's correlation id (set by the request logging middleware; the trace identifier before it ran).</summary>
    public static string Of(HttpContext context) => RequestCorrelation.Of(context);
}
