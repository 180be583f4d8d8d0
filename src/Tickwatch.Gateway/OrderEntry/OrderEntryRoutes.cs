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

    /// <summary>
    /// Registers <see cref="RateLimitPolicy"/>: two token buckets per client, one for order actions and one for reads
    /// (a client polling its orders must not spend the budget of the close it is about to send), refusing with 429
    /// problem details and <c>Retry-After</c>.
    /// </summary>
    public static IServiceCollection AddOrderEntryRateLimiting(this IServiceCollection services, OrderEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context => IsRead(context)
                ? Bucket("read:" + ClientClaims.ClientKey(context), options.ReadBurstLimit, options.ReadTokensPerPeriod, options.ReplenishPeriod)
                : Bucket("order:" + ClientClaims.ClientKey(context), options.BurstLimit, options.TokensPerPeriod, options.ReplenishPeriod));
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

        var read = IsRead(http);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = read ? "Too many reads" : "Too many orders",
                Detail = read
                    ? "This client has read its orders faster than allowed; wait and read again (its order actions have a budget of their own)."
                    : "This client has sent orders faster than allowed; wait and send again.",
            },
        }).ConfigureAwait(false);
    }

    private static bool IsRead(HttpContext context) => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    private static RateLimitPartition<string> Bucket(string key, int burst, int perPeriod, TimeSpan period) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
