using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Tickwatch.Market.Health;

/// <summary><c>GET /health/ready</c> (fit to take traffic; <c>/health</c>, alive, is the service defaults' own); no token needed.</summary>
public static class HealthEndpoints
{
    /// <summary>Health checks with this tag decide <c>/health/ready</c>; add one with <c>AddCheck&lt;T&gt;(name, tags: [ReadyTag])</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks: store, feeds, market data, background services.</summary>
    public static IHealthChecksBuilder AddReadinessChecks(this IServiceCollection services, TimeSpan timeout)
    {
        // Each check gets the probe timeout plus a margin, so a hung check fails by name instead of hanging the request.
        var limit = timeout + TimeSpan.FromSeconds(1);
        return services.AddHealthChecks()
            .AddCheck<StoreReadinessCheck>("store", tags: [ReadyTag], timeout: limit)
            .AddCheck<FeedsReadinessCheck>("feeds", tags: [ReadyTag], timeout: limit)
            .AddCheck<MarketDataReadinessCheck>("market_data", tags: [ReadyTag], timeout: limit)
            .AddCheck<ServicesReadinessCheck>("services", tags: [ReadyTag], timeout: limit);
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        })
            .WithName("Ready")
            .WithSummary("200 when the store is reachable, every feed delivers and enough symbols are fresh; 503 naming what is not.");
        return app;
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        var services = context.RequestServices;
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).ToList();
        var ready = report.Status != HealthStatus.Unhealthy;
        var body = new ReadinessReport(
            ready ? "ready" : "not_ready",
            ready,
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            failing,
            report.Entries.ToDictionary(
                e => e.Key,
                e => new ReadinessCheckView(
                    e.Value.Status,
                    e.Value.Description,
                    Math.Round(e.Value.Duration.TotalMilliseconds, 3),
                    e.Value.Exception?.Message,
                    e.Value.Data),
                StringComparer.Ordinal));
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, json, context.RequestAborted);
    }
}
