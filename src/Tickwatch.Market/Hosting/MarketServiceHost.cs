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
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Dashboard;
using Tickwatch.Market.Diagnostics;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Health;
using Tickwatch.Market.Metrics;
using Tickwatch.Market.Pricing;
using Tickwatch.Market.Services;
using Tickwatch.Market.Startup;
using Tickwatch.Market.Storage;
using Tickwatch.Market.Warmup;
using Tickwatch.Storage;
using Tickwatch.Storage.Writing;

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

    /// <summary>Registers the market service's options, price book, background services, start-up checks, health checks and endpoints' dependencies.</summary>
    public static WebApplicationBuilder AddMarketService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var service = Read<MarketServiceOptions>(configuration, MarketServiceOptions.SectionName);
        var prices = Read<PricesOptions>(configuration, PricesOptions.SectionName);
        var supervisor = Read<SupervisorOptions>(configuration, SupervisorOptions.SectionName);
        var startup = Read<StartupOptions>(configuration, StartupOptions.SectionName);
        var health = Read<HealthOptions>(configuration, HealthOptions.SectionName);
        var warmup = Read<WarmupOptions>(configuration, WarmupOptions.SectionName);
        var feeds = configuration.GetSection("Feeds").Get<List<FeedOptions>>() is { Count: > 0 } configured
            ? configured
            : DefaultFeeds.ForQuoteHub();
        ThrowIfInvalid(configuration, service, prices, feeds, supervisor, startup, health, warmup);

        builder.WebHost.UseUrls($"http://{service.BindAddress}:{service.Port}");
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddOptions<MarketServiceOptions>().Bind(configuration.GetSection(MarketServiceOptions.SectionName));
        services.AddOptions<PricesOptions>().Bind(configuration.GetSection(PricesOptions.SectionName));
        services.AddOptions<OperatorAccessOptions>().Bind(configuration.GetSection(OperatorAccessOptions.SectionName));
        services.AddOptions<SupervisorOptions>().Bind(configuration.GetSection(SupervisorOptions.SectionName));
        services.AddOptions<StartupOptions>().Bind(configuration.GetSection(StartupOptions.SectionName));
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName));
        services.AddOptions<WarmupOptions>().Bind(configuration.GetSection(WarmupOptions.SectionName));

        // The host must wait at least as long as the supervisor gives its services to stop.
        var hostStop = supervisor.ShutdownTimeout + TimeSpan.FromSeconds(5);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = o.ShutdownTimeout > hostStop ? o.ShutdownTimeout : hostStop);
        services.TryAddSingleton(TimeProvider.System);
        services.AddTickwatchStorage(configuration);
        services.AddSingleton(SymbolCatalog.Create(prices));

        // Every accepted quote goes on to the store; the writer coalesces, so the book never waits on Redis.
        services.AddPriceBook().AddQuoteListener<PriceStoreWriter>();
        services.AddSingleton<PriceBookSink>();
        services.AddSingleton<OperatorAccessFilter>();
        services.AddSingleton<StoreProber>();
        services.AddSingleton<PrerequisiteStatus>();
        services.AddSingleton(sp => new FeedListenerSet(
        [
            .. feeds.Select(f => new FeedListener(
                f,
                FeedCodecs.CreateCodec(f.Protocol, sp.GetRequiredService<PriceBook>().Symbols),
                sp.GetRequiredService<PriceBookSink>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FeedListener>>())),
        ]));

        // Background services, in the order they start and are logged ("✅ … started").
        services.AddSingleton<MarketDataWarmup>();
        services.AddSupervisedService<MarketDataWarmupService>();
        for (var i = 0; i < feeds.Count; i++)
        {
            var index = i;
            services.AddSupervisedService(sp => new FeedListenerService(sp.GetRequiredService<FeedListenerSet>().Listeners[index], feeds[index].Protocol));
        }

        services.AddSupervisedService(sp => new PriceStoreWriterService(sp.GetRequiredService<PriceStoreWriter>()));
        services.AddSupervisedService<HealthMonitor>();

        // Start-up prerequisites, in the order they are checked and logged.
        services.AddPrerequisiteCheck<StoreConnectivityCheck>();
        services.AddPrerequisiteCheck<ConfigurationCheck>();
        services.AddPrerequisiteCheck<MemoryUsageCheck>();

        // Validation is registered first, so no background service starts before it has passed.
        services.AddSingleton<ServiceSupervisor>();
        services.AddHostedService<StartupValidationService>();
        services.AddHostedService(sp => sp.GetRequiredService<ServiceSupervisor>());
        services.AddReadinessChecks(health.ProbeTimeout);
        services.AddMarketMetrics();
        services.AddComprehensiveDiagnostics(configuration);
        services.AddDashboard(configuration);
        return builder;
    }

    /// <summary>Maps the market service's routes.</summary>
    public static WebApplication MapMarketService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Outermost, so that its scope covers everything the request logs, the exception handler's lines included.
        app.UseMiddleware<MarketRequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapDashboardPage();
        app.MapTickwatchMetrics();
        app.MapGroup("/api/debug")
            .AddEndpointFilter<OperatorAccessFilter>()
            .MapWebSocketDiagnostics()
            .MapMarketDataDiagnostics()
            .MapComprehensiveDiagnostics()
            .MapDiagnosis()
            .MapDashboardData()
            .MapServicesDiagnostics()
            .MapRedisClusterDiagnostics()
            .MapWarmup();
        return app;
    }

    private static T Read<T>(IConfiguration configuration, string section)
        where T : new() => configuration.GetSection(section).Get<T>() ?? new T();

    private static void ThrowIfInvalid(
        IConfiguration configuration,
        MarketServiceOptions service, PricesOptions prices, List<FeedOptions> feeds, SupervisorOptions supervisor, StartupOptions startup, HealthOptions health,
        WarmupOptions warmup)
    {
        var errors = new List<string>();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(service, new ValidationContext(service), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"Market: {r.ErrorMessage}"));
        }

        AddFailures(errors, new PricesOptionsValidator().Validate(null, prices));

        errors.AddRange(FeedsOptionsValidator.Validate(feeds));
        AddFailures(errors, new SupervisorOptionsValidator().Validate(null, supervisor));
        AddFailures(errors, new StartupOptionsValidator().Validate(null, startup));
        AddFailures(errors, new HealthOptionsValidator().Validate(null, health));
        AddFailures(errors, new DiagnosticsOptionsValidator().Validate(null, Read<DiagnosticsOptions>(configuration, DiagnosticsOptions.SectionName)));
        AddFailures(errors, new WarmupOptionsValidator().Validate(null, warmup));
        AddFailures(errors, new DashboardOptionsValidator().Validate(null, Read<DashboardOptions>(configuration, DashboardOptions.SectionName)));
        errors.AddRange(StorageOptionsValidation.Errors(configuration));
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Tickwatch", typeof(MarketServiceOptions), errors);
        }
    }

    private static void AddFailures(List<string> errors, ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            errors.AddRange(result.Failures);
        }
    }
}
