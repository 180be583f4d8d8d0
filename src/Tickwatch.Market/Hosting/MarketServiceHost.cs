using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using Tickwatch.Feeds.Listening;
using Tickwatch.Hosting;
using Tickwatch.Hosting.Access;
using Tickwatch.Hosting.Health;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Hosting.Symbols;
using Tickwatch.Hosting.Tls;
using Tickwatch.Market.AutoCutoff;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Dashboard;
using Tickwatch.Market.Diagnostics;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Feeds;
using Tickwatch.Market.Forensics;
using Tickwatch.Market.Forensics.Timeline;
using Tickwatch.Market.Health;
using Tickwatch.Market.Ledger;
using Tickwatch.Market.Metrics;
using Tickwatch.Market.Pricing;
using Tickwatch.Market.Startup;
using Tickwatch.Market.Storage;
using Tickwatch.Market.Trading;
using Tickwatch.Market.Warmup;
using Tickwatch.Storage;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading;
using Tickwatch.Trading.AutoCutoff;
using Tickwatch.Trading.Ledger;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.ProviderLink;
using Tickwatch.Trading.Triggers;

namespace Tickwatch.Market.Hosting;

/// <summary>Composition of the market service: the service defaults, then what is the market service's own.</summary>
public static class MarketServiceHost
{
    /// <summary>
    /// Builds the market service. <paramref name="configure"/> may add configuration or replace services (tests, <c>tickwatch up</c>);
    /// <paramref name="shared"/> hands it the price store, announcements and symbols of the process it runs in (<c>tickwatch up</c>).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, SharedPriceServices? shared = null)
    {
        var builder = TickwatchDefaults.CreateBuilder(args, "Tickwatch.Market");
        configure?.Invoke(builder);
        builder.AddMarketService(shared);
        var app = builder.Build();
        app.MapMarketService();
        return app;
    }

    /// <summary>Registers the market service's options (every error at once), price book, background services, start-up checks, health checks and endpoints' dependencies.</summary>
    public static WebApplicationBuilder AddMarketService(this WebApplicationBuilder builder, SharedPriceServices? shared = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;
        var errors = builder.AddTickwatchDefaults<MarketMeter>(new TickwatchDefaultsSettings { ServiceName = "tickwatch-market" });
        var service = errors.Take(services.AddBoundOptions(configuration, MarketServiceOptions.SectionName, new DataAnnotationsValidator<MarketServiceOptions>("Market")));
        var prices = errors.Take(services.AddSymbols(configuration, shared?.Symbols));
        var feeds = errors.Take(services.AddFeedOptions(
            configuration,
            symbol => shared?.Symbols is { } registry
                ? registry.TryGet(symbol, out _) || (registry.AcceptsUnlisted && SymbolRegistry.IsWellFormed(symbol))
                : SymbolCatalog.Knows(prices, symbol)));
        errors.Take(services.AddSupervision(configuration));
        errors.Take(services.AddBoundOptions(configuration, StartupOptions.SectionName, new StartupOptionsValidator()));
        var health = errors.Take(services.AddBoundOptions(configuration, HealthOptions.SectionName, new HealthOptionsValidator()));
        errors.Take(services.AddComprehensiveDiagnostics(configuration));
        errors.Take(services.AddBoundOptions(configuration, WarmupOptions.SectionName, new WarmupOptionsValidator()));
        errors.Take(services.AddDashboard(configuration));
        errors.Take(services.AddSymbolTimeline(configuration));
        errors.Take(services.AddTickwatchStorage(configuration, shared));
        var cluster = errors.Take(services.AddCluster(configuration));
        errors.Take(services.AddTradingEngine(configuration));
        errors.Take(services.AddOrderForensics(configuration));
        var trustErrors = new List<string>();
        X509ChainPolicy?[] feedTrust = [.. feeds.Select((f, i) => TrustedAuthorities.Load($"{DefaultFeeds.SectionName}:{i}:{nameof(FeedOptions.TrustedCaPath)}", f.TrustedCaPath, trustErrors))];
        errors.Take(trustErrors);
        errors.Take(builder.ListenOn(service.BindAddress, service.Port, service.Https, $"{MarketServiceOptions.SectionName}:{nameof(MarketServiceOptions.Https)}"));

        // Every accepted quote goes on to the store; the writer coalesces, so the book never waits on Redis.
        services.AddPriceBook().AddQuoteListener<PriceStoreWriter>();
        services.AddSingleton<PriceBookSink>();
        services.AddSingleton<TradingDiagnostics>();
        services.AddSingleton<StoreProber>();
        services.AddSingleton<PrerequisiteStatus>();
        services.AddSingleton(sp => new FeedListenerSet(
        [
            .. feeds.Select((f, i) => new FeedListener(
                f,
                FeedCodecs.CreateCodec(f.Protocol, sp.GetRequiredService<PriceBook>().Symbols, symbols: new BinanceSymbolMap(f.Symbols)),
                sp.GetRequiredService<PriceBookSink>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FeedListener>>(),
                serverTrust: feedTrust[i])),
        ]));

        // Background services, in the order they start and are logged ("✅ … started").
        services.AddSingleton<MarketDataWarmup>();
        services.AddSupervisedService<MarketDataWarmupService>();
        for (var i = 0; i < feeds.Count; i++)
        {
            var index = i;
            services.AddSupervisedService(sp =>
            {
                var listener = sp.GetRequiredService<FeedListenerSet>().Listeners[index];
                return new FeedListenerService(listener, feeds[index].Protocol, ClusterMarketServiceCollectionExtensions.FeedTakeoverFor(sp, cluster, listener, feeds[index]));
            });
        }

        services.AddSupervisedService(sp => new PriceStoreWriterService(sp.GetRequiredService<PriceStoreWriter>()));

        // Cluster mode: the book follows the other instances' writes.
        services.AddClusterMarket(cluster);

        // Triggers and the portfolio calculator hear every quote and every committed order; neither holds up a feed.
        services.AddPortfolioCalculator(configuration);

        // The provider link follows the portfolio calculator, as in the guide's start-up lines.
        errors.Take(services.AddProviderLink(configuration));
        errors.Take(services.AddTriggers(configuration));

        // The ledger writer moves the trading store's outbox to the books of record; no client ever waits on it.
        errors.Take(services.AddLedger(configuration));
        services.AddSingleton<LedgerReadCounters>();

        // AutoCutoff hears every written portfolio (margin call, stop-out), after the calculator in the guide's order.
        errors.Take(services.AddAutoCutoff(configuration));
        services.AddSupervisedService<HealthMonitor>();
        errors.ThrowIfAny(typeof(MarketServiceOptions));

        // Start-up prerequisites, in the order they are checked and logged.
        services.AddPrerequisiteCheck<StoreConnectivityCheck>();
        services.AddPrerequisiteCheck<ConfigurationCheck>();
        services.AddPrerequisiteCheck<MemoryUsageCheck>();

        // Validation is registered first, so no background service starts before it has passed.
        services.AddHostedService<StartupValidationService>();
        services.AddSupervisorAsHostedService();
        services.AddReadinessChecks(health.ProbeTimeout);
        return builder;
    }

    /// <summary>Maps the market service's routes.</summary>
    public static WebApplication MapMarketService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapTickwatchDefaults();
        app.MapAlive("market", sp => sp.GetRequiredService<PrerequisiteStatus>().Degraded)
            .WithName("Alive")
            .WithSummary("The process is alive.");
        app.MapHealthEndpoints();
        app.MapDashboardPage();
        app.MapGroup("/api/debug")
            .AddEndpointFilter<OperatorAccessFilter>()
            .MapWebSocketDiagnostics()
            .MapMarketDataDiagnostics()
            .MapComprehensiveDiagnostics()
            .MapDiagnosis()
            .MapDashboardData()
            .MapServicesDiagnostics()
            .MapRedisClusterDiagnostics()
            .MapWarmup()
            .MapTradingDiagnostics()
            .MapLedgerDiagnostics()
            .MapAutoCutoffDiagnostics()
            .MapProviderDiagnostics()
            .MapOrderForensics()
            .MapSymbolTimeline()
            .MapClusterDiagnostics();
        app.MapGroup(TradingEndpoints.Prefix)
            .AddEndpointFilter<OperatorAccessFilter>()
            .WithTags("Trading")
            .MapTradingRoutes()
            .MapLedgerReads();
        return app;
    }
}
