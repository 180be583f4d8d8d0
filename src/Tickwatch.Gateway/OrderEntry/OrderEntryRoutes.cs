using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Gateway.Auth;

namespace Tickwatch.Gateway.OrderEntry;

/// <summary>
/// The order entry routes under <c>/api/orders</c>: authenticated, and rate limited per client (its user, or its
/// address without one). The trading engine's endpoints go into <see cref="MapOrderEntry"/>'s group.
/// </summary>
public static class OrderEntryRoutes
{
    public const string Prefix = "/api/orders";

    /// <summary>Name of the per-client rate limiting policy.</summary>
    public const string RateLimitPolicy = "order-entry";

    /// <summary>Registers <see cref="RateLimitPolicy"/>: a token bucket per client, refusing with 429 problem details and <c>Retry-After</c>.</summary>
    public static IServiceCollection AddOrderEntryRateLimiting(this IServiceCollection services, OrderEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                ClientClaims.ClientKey(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.BurstLimit,
                    TokensPerPeriod = options.TokensPerPeriod,
                    ReplenishmentPeriod = options.ReplenishPeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = WriteRejectionAsync;
        });
    }

    /// <summary>The order entry group: every endpoint mapped on it needs a client token and counts against the client's rate.</summary>
    public static RouteGroupBuilder MapOrderEntry(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGroup(Prefix)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicy)
            .WithTags("Orders");
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
        if (retryAfter is { } delay)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many orders",
                Detail = "This client has sent orders faster than allowed; wait and send again.",
            },
        }).ConfigureAwait(false);
    }
}
