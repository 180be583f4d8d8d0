using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Hosting;
using Tickwatch.Hosting.Correlation;
using Tickwatch.Hosting.Options;
using Tickwatch.Simulators.Control;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Builds the quote hub as a ready-to-run <see cref="WebApplication"/>, for <c>tickwatch quote-hub</c>, <c>tickwatch up</c> and tests.</summary>
public static class QuoteHubHost
{

    /// <summary>Builds the hub from the <c>QuoteHub</c> section of <paramref name="configuration"/>.</summary>
    /// <exception cref="OptionsValidationException">The settings are invalid; the message lists every problem.</exception>
    public static WebApplication Build(
        IConfiguration configuration,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        Func<FeedProtocol, IFeedFrameEncoder>? encoderFactory = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(QuoteHubOptions.SectionName).Get<QuoteHubOptions>() ?? new QuoteHubOptions();
        return Build(options, timeProvider, loggerFactory, encoderFactory, configuration, configure);
    }

    /// <summary>Builds the hub from <paramref name="options"/>; start it with <c>StartAsync</c> or <c>RunAsync</c>.</summary>
    /// <param name="options">The hub's settings, validated here.</param>
    /// <param name="timeProvider">Clock of the generator, source times and fault durations; the system clock when null.</param>
    /// <param name="loggerFactory">Replaces the default console logging when given (the caller keeps ownership).</param>
    /// <param name="encoderFactory">Frame encoder per protocol; <see cref="FeedCodecs.CreateEncoder"/> when null.</param>
    /// <param name="configuration">Extra configuration for the host itself (logging levels and the like).</param>
    /// <param name="configure">Changes to the host's builder by whoever runs it (<c>tickwatch up</c> owns its lifetime).</param>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public static WebApplication Build(
        QuoteHubOptions options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        Func<FeedProtocol, IFeedFrameEncoder>? encoderFactory = null,
        IConfiguration? configuration = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = TickwatchDefaults.CreateBuilder([], typeof(QuoteHubHost).Assembly.GetName().Name!);
        if (configuration is not null)
        {
            builder.Configuration.AddConfiguration(configuration);
        }

        if (loggerFactory is not null)
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
        }

        configure?.Invoke(builder);
        var services = builder.Services;
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        var errors = builder.AddTickwatchDefaults(new TickwatchDefaultsSettings
        {
            ServiceName = "tickwatch-quote-hub",

            // The control API's wire format: tests and scripts send and read it as it is.
            Json = json => ControlJson.Configure(json),
            RequestLogging = new RequestLoggingPolicy { LevelOf = ControlRequests.LevelOf },
        });
        errors.Take(services.AddBoundOptions(options, new QuoteHubOptionsValidator()));
        errors.ThrowIfAny(typeof(QuoteHubOptions));

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.BindAddress == "localhost")
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port);
            }
        });

        services.AddSingleton(encoderFactory ?? FeedCodecs.CreateEncoder);
        services.AddSingleton<QuoteHubEngine>();
        services.AddHostedService<QuoteGenerator>();
        services.AddHostedService<ReplayService>();
        services.AddHealthChecks().AddCheck<QuoteHubHealthCheck>("quote-hub");

        var app = builder.Build();
        app.MapTickwatchDefaults();
        app.UseWebSockets();

        var engine = app.Services.GetRequiredService<QuoteHubEngine>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(QuoteHubHost).FullName!);
        var stopping = app.Lifetime.ApplicationStopping;
        foreach (var feed in engine.Feeds)
        {
            if (feed.Venue is null)
            {
                app.Map(feed.Path, (HttpContext context) => FeedEndpoint.HandleAsync(context, engine, feed, options.Token, logger, stopping));
                continue;
            }

            // The venue's paths under the feed's: raw streams (one in the path, or none and SUBSCRIBE later) and combined.
            app.Map(feed.Path + "/ws/{stream}", (HttpContext context) => FeedEndpoint.HandleAsync(context, engine, feed, options.Token, logger, stopping, combined: false));
            app.Map(feed.Path + "/ws", (HttpContext context) => FeedEndpoint.HandleAsync(context, engine, feed, options.Token, logger, stopping, combined: false));
            app.Map(feed.Path + "/stream", (HttpContext context) => FeedEndpoint.HandleAsync(context, engine, feed, options.Token, logger, stopping, combined: true));
        }

        app.MapControlApi(options.Token);
        app.MapHealthChecks("/health");
        return app;
    }

    /// <summary>The address the started hub listens on, e.g. <c>http://127.0.0.1:9001/</c> (the real port when 0 was asked for).</summary>
    /// <exception cref="InvalidOperationException">The hub has not been started.</exception>
    public static Uri GetBaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The quote hub is not listening; start it first.");
        var uri = new Uri(address);
        if (uri.Port == 0)
        {
            throw new InvalidOperationException("The quote hub is not listening yet; start it first.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>
    /// The WebSocket address of a feed of the started hub, e.g. <c>ws://127.0.0.1:9001/ws/json</c>, with the token when given;
    /// for a Binance feed the prefix its <c>/ws/&lt;stream&gt;</c> and <c>/stream?streams=…</c> paths go under.
    /// </summary>
    public static Uri GetFeedAddress(WebApplication app, string feedName, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feed = app.Services.GetRequiredService<QuoteHubEngine>().Feeds.FirstOrDefault(f => f.Name == feedName)
            ?? throw new ArgumentException($"The hub has no feed '{feedName}'.", nameof(feedName));
        var builder = new UriBuilder(GetBaseAddress(app)) { Scheme = "ws", Path = feed.Path };
        if (token is not null)
        {
            builder.Query = "token=" + Uri.EscapeDataString(token);
        }

        return builder.Uri;
    }

    /// <summary>The engine of a hub built here, to drive it from tests or read its status.</summary>
    public static QuoteHubEngine GetEngine(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<QuoteHubEngine>();
    }
}
