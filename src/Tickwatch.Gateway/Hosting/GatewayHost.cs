using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Metrics;
using Tickwatch.Gateway.MarketService;
using Tickwatch.Gateway.OrderEntry;
using Tickwatch.Gateway.Proxy;
using Tickwatch.Gateway.Quotes;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Market.Health;
using Tickwatch.Market.Hosting;
using Tickwatch.Market.Metrics;
using Tickwatch.Market.Pricing;
using Tickwatch.Storage;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Composition of the gateway: one place that turns configuration into the user-facing API on port 3000.</summary>
public static class GatewayHost
{
    /// <summary>Where the OpenAPI document is served.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    private const string OpenApiRoute = "/openapi/{documentName}.json";

    /// <summary>Where the browsable API reference is served (its script comes from the gateway itself, not a CDN).</summary>
    public const string ApiReferencePath = "/docs";

    /// <summary>
    /// Builds the gateway. <paramref name="configure"/> may add configuration or replace services (tests);
    /// <paramref name="shared"/> hands it the market service's store and symbols when both run in one process.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, GatewaySharedServices? shared = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = "Tickwatch.Gateway" });
        builder.Configuration.AddEnvironmentVariables(MarketServiceHost.EnvironmentPrefix);
        configure?.Invoke(builder);
        builder.AddGateway(shared);
        var app = builder.Build();
        app.MapGateway();
        return app;
    }

    /// <summary>Registers the gateway's options (validated here, every error at once), authentication, stream, clients and proxy.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder, GatewaySharedServices? shared = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var gateway = Read<GatewayOptions>(configuration, GatewayOptions.SectionName);
        var jwt = Read<JwtOptions>(configuration, JwtOptions.SectionName);
        var stream = Read<StreamOptions>(configuration, StreamOptions.SectionName);
        var orders = Read<OrderEntryOptions>(configuration, OrderEntryOptions.SectionName);
        var prices = Read<PricesOptions>(configuration, PricesOptions.SectionName);
        var errors = GatewayOptionsValidator.Validate(gateway, jwt, stream, orders);
        if (shared is null)
        {
            // Its own store and symbols: their settings are the gateway's to check.
            if (new PricesOptionsValidator().Validate(null, prices) is { Failed: true } invalidPrices)
            {
                errors.AddRange(invalidPrices.Failures);
            }

            errors.AddRange(StorageOptionsValidation.Errors(configuration));
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Tickwatch", typeof(GatewayOptions), errors);
        }

        builder.WebHost.UseUrls($"http://{gateway.BindAddress}:{gateway.Port}");
        if (gateway.InlineSocketScheduling)
        {
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }

        // One line per request comes from the gateway's own log (with the correlation id); the proxy's would repeat it.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        var services = builder.Services;

        // Nothing the gateway protects outlives the process (no cookies): keys stay in memory, none are written to disk.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["correlation_id"] = CorrelationId.Of(c.HttpContext));
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName));
        services.AddOptions<StreamOptions>().Bind(configuration.GetSection(StreamOptions.SectionName));
        services.AddOptions<OrderEntryOptions>().Bind(configuration.GetSection(OrderEntryOptions.SectionName));
        services.AddOptions<OperatorAccessOptions>().Bind(configuration.GetSection(OperatorAccessOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);

        if (shared is null)
        {
            services.AddTickwatchStorage(configuration);
            services.AddSingleton(SymbolCatalog.Create(prices));
        }
        else
        {
            // Instances the market service owns: registered as objects, so this container never disposes them.
            services.AddSingleton(shared);
            services.AddSingleton(shared.Store);
            services.AddSingleton(shared.Subscriber);
            services.AddSingleton(shared.Symbols);
        }

        services.AddSingleton<OperatorAccessFilter>();
        services.AddSingleton<QuoteBoard>();
        services.AddSingleton<LivePriceStream>();
        services.AddHostedService<StreamWatchdog>();
        services.AddTickwatchMetrics<GatewayMeter>("tickwatch-gateway");
        services.AddHttpClient<MarketServiceClient>(client =>
        {
            client.BaseAddress = new Uri(gateway.MarketServiceUrl);
            client.Timeout = gateway.UpstreamTimeout;
        }).RemoveAllLoggers();
        if (gateway.MarketHealthProbeInterval > TimeSpan.Zero)
        {
            services.AddHostedService<MarketServiceWatch>();
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;

            // 401 says only "Bearer": why a token failed (expired, bad signature, wrong audience) stays in the gateway.
            o.IncludeErrorDetails = false;
            o.TokenValidationParameters = AccessTokens.ValidationParameters(jwt);
            o.Events = new JwtBearerEvents { OnMessageReceived = ReadStreamToken };
        });
        services.AddAuthorization();
        services.AddOrderEntryRateLimiting(orders);
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        services.AddMarketProxy(gateway);
        return builder;
    }

    /// <summary>The gateway's middleware and routes.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The reference's keep-alive: a ping every 20 s, and a client that does not answer within 10 s is gone.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(10) });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapTickwatchMetrics();
        app.MapGet("/health", GetAlive).WithTags("Health").WithName("GatewayAlive").WithSummary("The gateway is alive.");
        app.MapGroup("/api").MapQuotes();
        app.MapPriceStream();

        // The trading engine maps its order routes on this group: authenticated and rate limited per client.
        app.MapOrderEntry();
        app.MapGroup("/api/debug")
            .AddEndpointFilter<OperatorAccessFilter>()
            .WithTags("Diagnostics")
            .MapMarketHealthDiagnostics()
            .MapStreamDiagnostics();

        app.MapOpenApi(OpenApiRoute);
        app.MapScalarApiReference(ApiReferencePath, o =>
        {
            o.Title = "Tickwatch gateway";
            o.OpenApiRoutePattern = OpenApiRoute;

            // Nothing from outside: the script is the package's own copy, no web fonts, no telemetry.
            o.DefaultFonts = false;
            o.Telemetry = false;
        });
        app.MapMarketProxy();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));

        // Before the server waits for open requests to end: stream clients are told to go, so that it need not wait long.
        app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<LivePriceStream>().DisconnectAll("gateway shutting down"));
        return app;
    }

    private static Ok<AliveResponse> GetAlive(TimeProvider time) => TypedResults.Ok(new AliveResponse("alive", "gateway", time.GetUtcNow(), false));

    private static Task ReadStreamToken(MessageReceivedContext context)
    {
        if (context.Request.Path.Equals(StreamEndpoints.Path, StringComparison.Ordinal)
            && string.IsNullOrEmpty(context.Token)
            && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    private static void LogStarted(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayHost).FullName!);
        var store = app.Services.GetRequiredService<IPriceStore>();
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        GatewayLog.Started(logger, string.Join(", ", app.Urls), options.MarketServiceUrl, StoreKindNames.Of(store.Kind));
        if (store.Kind == StoreKind.InMemory && app.Services.GetService<GatewaySharedServices>() is null)
        {
            GatewayLog.OwnInMemoryStore(logger);
        }
    }

    private static T Read<T>(IConfiguration configuration, string section)
        where T : new() => configuration.GetSection(section).Get<T>() ?? new T();
}
