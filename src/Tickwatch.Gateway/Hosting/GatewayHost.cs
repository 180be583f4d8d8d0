using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Tickwatch.Core.Diagnostics;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Gateway.MarketService;
using Tickwatch.Gateway.Metrics;
using Tickwatch.Gateway.OrderEntry;
using Tickwatch.Gateway.Proxy;
using Tickwatch.Gateway.Quotes;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Hosting;
using Tickwatch.Hosting.Access;
using Tickwatch.Hosting.Correlation;
using Tickwatch.Hosting.Health;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Symbols;
using Tickwatch.Hosting.Tls;
using Tickwatch.Storage;
using Tickwatch.Storage.Health;
using Tickwatch.Storage.Prices;
using Tickwatch.Trading;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

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
    /// <paramref name="shared"/> hands it the price store, announcements, symbols, portfolio store and order announcements of the process it runs in (<c>tickwatch up</c>).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, GatewaySharedServices? shared = null)
    {
        var builder = TickwatchDefaults.CreateBuilder(args, "Tickwatch.Gateway");
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
        var services = builder.Services;
        var errors = builder.AddTickwatchDefaults<GatewayMeter>(new TickwatchDefaultsSettings
        {
            ServiceName = "tickwatch-gateway",

            // Every call a client makes is worth a line, with the client it came from.
            RequestLogging = new RequestLoggingPolicy { ClientOf = ClientClaims.ClientKey },
        });
        var gateway = errors.Take(services.AddBoundOptions(
            configuration, GatewayOptions.SectionName, new DataAnnotationsValidator<GatewayOptions>(GatewayOptions.SectionName), new GatewayOptionsValidator()));
        var jwt = errors.Take(services.AddBoundOptions(configuration, JwtOptions.SectionName, new JwtOptionsValidator()));
        errors.Take(services.AddBoundOptions(configuration, StreamOptions.SectionName, new StreamOptionsValidator()));
        var orders = errors.Take(services.AddBoundOptions(configuration, OrderEntryOptions.SectionName, new OrderEntryOptionsValidator()));
        var shown = errors.Take(services.AddBoundOptions(configuration, ShownPriceOptions.SectionName, new ShownPriceOptionsValidator()));
        if (shared is null)
        {
            // Its own store and symbols: their settings are the gateway's to check. Portfolios and order announcements
            // come from the same store: the Redis Cluster the market service writes, or nothing when in memory.
            errors.Take(services.AddSymbols(configuration));
            errors.Take(services.AddTickwatchStorage(configuration));
            services.AddPortfolioStore(configuration);
            services.AddOrderAnnouncements(configuration);
        }
        else
        {
            // Instances the process owns: registered as objects, so this container never disposes them.
            services.AddSingleton(shared);
            services.AddSingleton(shared.Store);
            services.AddSingleton(shared.Subscriber);
            services.AddSingleton(shared.Symbols);
            services.AddSingleton(shared.Portfolios ?? new InMemoryPortfolioStore());
            services.AddSingleton(shared.Orders ?? new InMemoryOrderAnnouncements());
            if (shared.OrderEvents is { } orderEvents)
            {
                services.AddSingleton(orderEvents);
            }
        }

        var trustErrors = new List<string>();
        var marketTrust = TrustedAuthorities.Load(
            $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.MarketServiceTrustedCaPath)}", gateway.MarketServiceTrustedCaPath, trustErrors);
        errors.Take(trustErrors);
        errors.Take(builder.ListenOn(gateway.BindAddress, gateway.Port, gateway.Https, $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Https)}"));
        errors.ThrowIfAny(typeof(GatewayOptions));
        if (gateway.InlineSocketScheduling)
        {
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }

        // One line per request comes from the gateway's own log (with the correlation id); the proxy's would repeat it.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        // Nothing the gateway protects outlives the process (no cookies): keys stay in memory, none are written to disk.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<QuoteBoard>();
        services.AddSingleton<ShownPriceLog>();
        services.AddSingleton<LivePriceStream>();
        services.AddHostedService<StreamWatchdog>();
        if (shown.Enabled)
        {
            services.AddHostedService<ShownPriceSweeper>();
        }
        // Calls carry whole addresses: the market service they go to is the endpoints' choice, per call.
        services.AddSingleton<MarketServiceEndpoints>();
        services.AddHttpClient<MarketServiceClient>(client => client.Timeout = gateway.UpstreamTimeout)
            .UseSocketsHttpHandler((handler, _) => handler.SslOptions.CertificateChainPolicy = marketTrust)
            .RemoveAllLoggers();
        services.AddHttpClient<TradingForwarder>(client => client.Timeout = gateway.UpstreamTimeout)
            .UseSocketsHttpHandler((handler, _) => handler.SslOptions.CertificateChainPolicy = marketTrust)
            .RemoveAllLoggers();
        services.AddSingleton(sp => new MarketReadinessCache(
            async (correlationId, cancellationToken) =>
            {
                // The typed client is transient (its handler is pooled and renewed): one per call.
                using var scope = sp.GetRequiredService<IServiceScopeFactory>().CreateScope();
                return await scope.ServiceProvider.GetRequiredService<MarketServiceClient>().ProbeAsync(correlationId, cancellationToken).ConfigureAwait(false);
            },
            sp.GetRequiredService<TimeProvider>(),
            gateway.MarketReadinessCacheTime));
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
        services.AddMarketProxy(gateway, marketTrust);
        return builder;
    }

    /// <summary>The gateway's middleware and routes.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapTickwatchDefaults();

        // The reference's keep-alive: a ping every 20 s, and a client that does not answer within 10 s is gone.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(10) });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapAlive("gateway").WithTags("Health").WithName("GatewayAlive").WithSummary("The gateway is alive.");
        app.MapGroup("/api").MapQuotes();
        app.MapPriceStream();

        // The client's orders, answered by the market service's trading engine: authenticated and rate limited per client.
        app.MapOrderEntry().MapOrderRoutes();
        app.MapGroup("/api/debug")
            .AddEndpointFilter<OperatorAccessFilter>()
            .WithTags("Diagnostics")
            .MapMarketHealthDiagnostics()
            .MapStreamDiagnostics()
            .MapShownPrices();

        app.MapOpenApi(OpenApiRoute);
        app.MapScalarApiReference(ApiReferencePath, o =>
        {
            o.Title = "Tickwatch gateway";
            o.OpenApiRoutePattern = OpenApiRoute;

            // Nothing from outside: the script is the package's own copy, no web fonts, no telemetry.
            o.DefaultFonts = false;
            o.Telemetry = false;
        });
        app.MapMarketReadiness();
        app.MapMarketProxy();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));

        // Before the server waits for open requests to end: stream clients are told to go, so that it need not wait long.
        app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<LivePriceStream>().DisconnectAll("gateway shutting down"));
        return app;
    }

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
        if (logger.IsEnabled(LogLevel.Information))
        {
            // Worked out only when written; locals, as this SDK's CA1873 does not see a guard around Log.X(logger, ...).
            var urls = string.Join(", ", app.Urls);
            var storeName = StoreKindNames.Of(store.Kind);
            var marketService = string.Join(", ", options.EffectiveMarketServiceUrls.Select(u => UrlRedaction.Redact(u)));
            GatewayLog.Started(logger, urls, marketService, storeName);
        }

        if (store.Kind == StoreKind.InMemory && app.Services.GetService<GatewaySharedServices>() is null)
        {
            GatewayLog.OwnInMemoryStore(logger);
        }
    }
}
