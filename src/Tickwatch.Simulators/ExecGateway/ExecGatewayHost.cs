using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Hosting;
using Tickwatch.Hosting.Correlation;
using Tickwatch.Hosting.Options;
using Tickwatch.Simulators.Control;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>
/// Builds the execution gateway as a ready-to-run <see cref="WebApplication"/>, for <c>tickwatch exec-gateway</c> and
/// tests: the provider link (length-framed MessagePack) on TCP and optionally a Unix socket, served by Kestrel as a
/// raw connection handler, and the control API over HTTP on a port of its own.
/// </summary>
public static class ExecGatewayHost
{

    /// <summary>Builds the gateway from the <c>ExecGateway</c> section of <paramref name="configuration"/>.</summary>
    /// <exception cref="OptionsValidationException">The settings are invalid; the message lists every problem.</exception>
    /// <param name="configuration">The settings.</param>
    /// <param name="timeProvider">Clock of report times and delays; the system clock when null.</param>
    /// <param name="loggerFactory">Replaces the default console logging when given.</param>
    /// <param name="configure">Changes the builder before the gateway's services are added (<c>tickwatch up</c> owns the lifetime).</param>
    public static WebApplication Build(IConfiguration configuration, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ExecGatewayOptions.SectionName).Get<ExecGatewayOptions>() ?? new ExecGatewayOptions();
        return Build(options, timeProvider, loggerFactory, configuration, configure);
    }

    /// <summary>Builds the gateway from <paramref name="options"/>; start it with <c>StartAsync</c> or <c>RunAsync</c>.</summary>
    /// <param name="options">The gateway's settings, validated here.</param>
    /// <param name="timeProvider">Clock of report times and delays; the system clock when null.</param>
    /// <param name="loggerFactory">Replaces the default console logging when given (the caller keeps ownership).</param>
    /// <param name="configuration">Extra configuration for the host itself (logging levels and the like).</param>
    /// <param name="configure">Changes the builder before the gateway's services are added.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public static WebApplication Build(
        ExecGatewayOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IConfiguration? configuration = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = TickwatchDefaults.CreateBuilder([], typeof(ExecGatewayHost).Assembly.GetName().Name!);
        configure?.Invoke(builder);
        if (configuration is not null)
        {
            builder.Configuration.AddConfiguration(configuration);
        }

        if (loggerFactory is not null)
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
        }

        var services = builder.Services;
        var clock = timeProvider ?? TimeProvider.System;
        services.AddSingleton(clock);
        var errors = builder.AddTickwatchDefaults(new TickwatchDefaultsSettings
        {
            ServiceName = "tickwatch-exec-gateway",
            Json = json => ControlJson.Configure(json),
            RequestLogging = new RequestLoggingPolicy { LevelOf = ControlRequests.LevelOf },
        });
        errors.Take(services.AddBoundOptions(options, new ExecGatewayOptionsValidator()));
        errors.ThrowIfAny(typeof(ExecGatewayOptions));

        var endpoints = new ExecGatewayEndpoints();
        services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = options.BindAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.BindAddress);
            kestrel.Listen(address, options.Port, link =>
            {
                link.UseConnectionHandler<LinkConnectionHandler>();
                endpoints.Link = link;
            });
            if (options.UnixSocketPath is { } path)
            {
                kestrel.ListenUnixSocket(path, link => link.UseConnectionHandler<LinkConnectionHandler>());
            }

            kestrel.Listen(address, options.ControlPort, control => endpoints.Control = control);
        });

        services.AddSingleton<ExecutionPriceBook>();
        services.AddSingleton<IExecutionPriceSource>(sp => sp.GetRequiredService<ExecutionPriceBook>());
        services.AddSingleton<ExecGatewayEngine>();
        if (options.PriceFeed.Url is not null)
        {
            // The market's own listener and codec: the gateway fills at the prices the market was sent.
            services.AddHostedService(sp => new FeedListener(
                options.PriceFeed,
                FeedCodecs.CreateCodec(options.PriceFeed.Protocol, SymbolCatalog.Create(new PricesOptions { AcceptUnlistedSymbols = true })),
                sp.GetRequiredService<ExecutionPriceBook>(),
                clock,
                sp.GetRequiredService<ILogger<FeedListener>>()));
        }

        services.AddHealthChecks();
        var app = builder.Build();
        app.MapTickwatchDefaults();
        app.MapExecGatewayControl(options.Token);
        app.MapHealthChecks("/health");

        // Created now, so that the price book feeds it from the first price on.
        app.Services.GetRequiredService<ExecGatewayEngine>();
        return app;
    }

    /// <summary>The TCP end point of the started gateway's link (the real port when 0 was asked for).</summary>
    /// <exception cref="InvalidOperationException">The gateway has not been started.</exception>
    public static IPEndPoint GetLinkEndPoint(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return ExecGatewayEndpoints.Bound(app.Services.GetRequiredService<ExecGatewayEndpoints>().Link, "link");
    }

    /// <summary>The control API's address, e.g. <c>http://127.0.0.1:9003/</c>.</summary>
    /// <exception cref="InvalidOperationException">The gateway has not been started.</exception>
    public static Uri GetControlAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endPoint = ExecGatewayEndpoints.Bound(app.Services.GetRequiredService<ExecGatewayEndpoints>().Control, "control API");
        return new Uri($"http://{endPoint}/");
    }

    /// <summary>The engine of a gateway built here, to drive it from tests or read its status.</summary>
    public static ExecGatewayEngine GetEngine(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<ExecGatewayEngine>();
    }

    /// <summary>The price book of a gateway built here, to set prices from tests.</summary>
    public static ExecutionPriceBook GetPriceBook(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<ExecutionPriceBook>();
    }
}
