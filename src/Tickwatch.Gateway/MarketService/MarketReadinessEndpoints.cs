using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Hosting.Access;
using Tickwatch.Hosting.Correlation;

namespace Tickwatch.Gateway.MarketService;

/// <summary><c>GET /market/health/ready</c>: the market service's readiness through the gateway, cached about a second, in full for operators only.</summary>
/// <remarks>Mapped ahead of the <c>/market/health/*</c> proxy route, which it takes precedence over as a literal path; <c>/market/health</c> stays proxied.</remarks>
public static class MarketReadinessEndpoints
{
    public const string Path = "/market/health/ready";

    public static IEndpointRouteBuilder MapMarketReadiness(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], GetReadinessAsync)
            .WithTags("Health")
            .WithName("MarketReady")
            .WithSummary("200 when the market service is ready, else 503; status and failing check names for anyone, the whole report for operators.");
        return app;
    }

    private static async Task<IResult> GetReadinessAsync(HttpContext context, MarketReadinessCache cache, OperatorAccessFilter access, CancellationToken cancellationToken)
    {
        var probe = await cache.GetAsync(RequestCorrelation.Of(context), cancellationToken).ConfigureAwait(false);
        var (statusCode, body) = MarketReadinessView.For(probe, await IsOperatorAsync(context, access).ConfigureAwait(false));
        return TypedResults.Json(body, statusCode: statusCode);
    }

    // The operator rule is the access filter's alone (token, trusted loopback): asked, never restated here.
    private static async Task<bool> IsOperatorAsync(HttpContext context, OperatorAccessFilter access)
    {
        var admitted = new object();
        var verdict = await access.InvokeAsync(new DefaultEndpointFilterInvocationContext(context), _ => ValueTask.FromResult<object?>(admitted)).ConfigureAwait(false);
        return ReferenceEquals(verdict, admitted);
    }
}
