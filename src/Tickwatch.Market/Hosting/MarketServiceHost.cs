using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Diagnostics;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Pricing;

namespace Tickwatch.Market.Hosting;

/// <summary>Composition of the market service: one place that turns configuration into a running service.</summary>
public static class MarketServiceHost
{
    /// <summary>Prefix of the environment variables Tickwatch reads, e.g. <c>TICKWATCH_Market__Port=8000</c>.</summary>
    public const string EnvironmentPrefix = "TICKWATCH_";

    /// <summary>Builds the market service; <paramref name="configure"/> may add configuration or replace services (tests, <c>tickwatch up</c>).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = "Tickwatch.Market" });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configure?.Invoke(builder);
        builder.AddMarketService();
        var app = builder.Build();
        app.MapMarketService();
        return app;
    }

    /// <summary>Registers the market service's options, price book, feed listeners and endpoints' dependencies.</summary>
    public static WebApplicationBuilder AddMarketService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var service = configuration.GetSection(MarketServiceOptions.SectionName).Get<MarketServiceOptions>() ?? new MarketServiceOptions();
        var prices = configuration.GetSection(PricesOptions.SectionName).Get<PricesOptions>() ?? new PricesOptions();
        var feeds = configuration.GetSection("Feeds").Get<List<FeedOptions>>() is { Count: > 0 } configured
            ? configured
            : DefaultFeeds.ForQuoteHub();
        ThrowIfInvalid(service, prices, feeds);

        builder.WebHost.UseUrls($"http://{service.BindAddress}:{service.Port}");
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddOptions<MarketServiceOptions>().Bind(configuration.GetSection(MarketServiceOptions.SectionName));
        services.AddOptions<PricesOptions>().Bind(configuration.GetSection(PricesOptions.SectionName));
        services.AddOptions<OperatorAccessOptions>().Bind(configuration.GetSection(OperatorAccessOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(SymbolCatalog.Create(prices));
        services.AddSingleton<PriceBook>();
        services.AddSingleton<PriceBookSink>();
        services.AddSingleton<OperatorAccessFilter>();
        services.AddSingleton(sp => new FeedListenerSet(
        [
            .. feeds.Select(f => new FeedListener(
                f,
                FeedCodecs.CreateCodec(f.Protocol, sp.GetRequiredService<PriceBook>().Symbols),
                sp.GetRequiredService<PriceBookSink>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FeedListener>>())),
        ]));
        for (var i = 0; i < feeds.Count; i++)
        {
            var index = i;
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<FeedListenerSet>().Listeners[index]);
        }

        return builder;
    }

    /// <summary>Maps the market service's routes.</summary>
    public static WebApplication MapMarketService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/health", (TimeProvider time) => TypedResults.Ok(new { status = "alive", service = "market", timestamp = time.GetUtcNow() }));
        app.MapGroup("/api/debug")
            .AddEndpointFilter<OperatorAccessFilter>()
            .MapWebSocketDiagnostics()
            .MapMarketDataDiagnostics();
        return app;
    }

    private static void ThrowIfInvalid(MarketServiceOptions service, PricesOptions prices, List<FeedOptions> feeds)
    {
        var errors = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(service, new ValidationContext(service), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"Market: {r.ErrorMessage}"));
        }

        if (new PricesOptionsValidator().Validate(null, prices) is { Failed: true } priceResult)
        {
            errors.AddRange(priceResult.Failures);
        }

        errors.AddRange(FeedsOptionsValidator.Validate(feeds));
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Tickwatch", typeof(MarketServiceOptions), errors);
        }
    }
}
