using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Tickwatch.Hosting.Metrics;

/// <summary><c>GET /metrics</c>: a role's metrics in the Prometheus text format, through OpenTelemetry; one composition for every role.</summary>
/// <remarks>
/// Public like <c>/health</c>: Prometheus scrapes it without a token, and it holds no secret (counts, ages, states,
/// feed and service names; never a URL, token or price). Put it behind the network boundary, not the operator token.
/// </remarks>
public static class TickwatchMetrics
{
    /// <summary>The scrape path.</summary>
    public const string Path = "/metrics";

    /// <summary>The pattern of every Tickwatch meter a role exports (<c>Tickwatch.Market</c>, <c>Tickwatch.Gateway</c>, <c>Tickwatch.Trading</c>, …).</summary>
    public const string AllTickwatchMeters = "Tickwatch.*";

    /// <summary>Meters of ASP.NET Core's own HTTP server metrics (request duration, active requests, connections).</summary>
    private static readonly string[] HttpServerMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>
    /// Registers a role's meter provider with its <typeparamref name="TInstruments"/> (built once, on the host's
    /// <see cref="IMeterFactory"/>, when the provider starts); see <see cref="AddTickwatchMetrics(IServiceCollection, string)"/>.
    /// </summary>
    public static IServiceCollection AddTickwatchMetrics<TInstruments>(this IServiceCollection services, string serviceName)
        where TInstruments : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<TInstruments>();
        return services.AddTickwatchMetrics(serviceName, metrics => metrics.AddInstrumentation(sp => sp.GetRequiredService<TInstruments>()));
    }

    /// <summary>
    /// Registers a role's meter provider: every Tickwatch meter of the host, HTTP server, .NET runtime and process
    /// metrics, and the Prometheus exporter.
    /// </summary>
    public static IServiceCollection AddTickwatchMetrics(this IServiceCollection services, string serviceName) => services.AddTickwatchMetrics(serviceName, null);

    /// <summary>Maps <see cref="Path"/>, outside the operator-only <c>/api/debug</c> group; scrapes are not counted as HTTP requests.</summary>
    public static IEndpointRouteBuilder MapTickwatchMetrics(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint()
            .DisableHttpMetrics()
            .WithName("Metrics")
            .WithSummary("This service's metrics in the Prometheus text format, with runtime and process metrics.");
        return app;
    }

    private static IServiceCollection AddTickwatchMetrics(this IServiceCollection services, string serviceName, Action<MeterProviderBuilder>? instruments)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        services.AddMetrics();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(AllTickwatchMeters)
                    .AddMeter(HttpServerMeters)
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation()
                    .AddPrometheusExporter(o =>
                    {
                        o.ScrapeEndpointPath = Path;

                        // Metric names already say whose they are; an otel_scope_name label on every series only adds weight.
                        o.ScopeInfoEnabled = false;
                    });
                instruments?.Invoke(metrics);
            });
        services.ConfigureOpenTelemetryMeterProvider((sp, metrics) => metrics.AddView(OnlyThisHost(sp.GetRequiredService<IMeterFactory>())));
        return services;
    }

    /// <summary>
    /// A meter provider listens to every meter of a matching name in the process; two hosts in one process (tests,
    /// <c>tickwatch up</c>) would each export, and lose when the other stops, the other's instruments. Instruments
    /// of another host's meter factory are dropped; process-wide meters (no factory) are kept.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory factory) =>
        instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, factory) ? null : MetricStreamConfiguration.Drop;
}
