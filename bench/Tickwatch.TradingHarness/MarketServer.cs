using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.BenchSupport;
using Tickwatch.Core.Prices;
using Tickwatch.Market.Hosting;
using Tickwatch.Storage;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Portfolio.Redis;
using Tickwatch.Trading.Store;

namespace Tickwatch.TradingHarness;

/// <summary>
/// The child process: the real market service (<see cref="MarketServiceHost"/>, configured by the harness through
/// <c>TICKWATCH_</c> variables: its feed is the harness's quote hub, its store in memory or the cluster), with the
/// <see cref="HolderWatch"/> as the book's first listener and the portfolio store seen through
/// <see cref="WatchedPortfolioStore"/>. <c>/bench/*</c> lets the harness make the book, start and stop the watch and read
/// the counters. It says where it listens and ends when its standard input closes (<see cref="ServeProcess"/>).
/// </summary>
internal static class MarketServer
{
    public static async Task RunAsync()
    {
        var app = MarketServiceHost.Build([], b =>
        {
            b.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

            // Registered before the market's own: the watch is the book's first listener, and the store the calculator gets is the watched one.
            var services = b.Services;
            var redis = StorageServiceCollectionExtensions.IsCluster(b.Configuration);
            services.AddSingleton(sp => new HolderWatch(sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IQuoteListener>(sp => sp.GetRequiredService<HolderWatch>());
            services.AddSingleton(sp => new WatchedPortfolioStore(
                redis ? sp.GetRequiredService<RedisPortfolioStore>() : sp.GetRequiredService<InMemoryPortfolioStore>(),
                sp.GetRequiredService<HolderWatch>()));
            services.AddSingleton<IPortfolioStore>(sp => sp.GetRequiredService<WatchedPortfolioStore>());
        });

        var bench = app.MapGroup("/bench");
        bench.MapGet("/prices", (TradingEngine engine, PriceBook book) =>
        {
            var symbols = book.Symbols.All.Select(s => s.Symbol).ToList();
            return new { symbols = symbols.Count, usable = symbols.Count(s => engine.Guard(s).IsUsable) };
        });
        bench.MapPost("/setup", (int accounts, int positions, decimal volume, ITradingStore store, TradingEngine engine, HolderWatch watch, CancellationToken cancellationToken) =>
            BookSetup.RunAsync(store, engine, watch, accounts, positions, volume, cancellationToken));
        bench.MapGet("/calculator", (PortfolioCalculator calculator, WatchedPortfolioStore portfolios, PriceBook book, TimeProvider time) =>
        {
            var statistics = calculator.GetStatistics();
            return new CalculatorFigures(
                time.GetUtcNow(),
                book.Statistics.Accepted,
                statistics.AccountsTracked,
                statistics.Recomputes,
                portfolios.Acknowledged,
                statistics.DegradedPortfolios.Count,
                statistics.WriteFailures,
                statistics.LastPassAccounts,
                statistics.ComputeMicrosPerAccount,
                statistics.QuoteConflations,
                statistics.AccountConflations,
                GcTotals.OfThisProcess());
        });
        bench.MapPost("/watch/start", (int everyMs, HolderWatch watch) => watch.Start(TimeSpan.FromMilliseconds(everyMs)));
        bench.MapPost("/watch/stop", (double settleSeconds, HolderWatch watch) => watch.StopAsync(TimeSpan.FromSeconds(settleSeconds)));
        bench.MapGet("/read-back", (int count, int accounts, ITradingStore store, WatchedPortfolioStore portfolios, TimeProvider time, CancellationToken cancellationToken) =>
            PortfolioReadBack.RunAsync(store, portfolios, time, count, accounts, cancellationToken));

        await app.StartAsync();
        ServeProcess.SayReady(new Uri(app.Urls.First()));
        await ServeProcess.UntilHarnessEndsAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
