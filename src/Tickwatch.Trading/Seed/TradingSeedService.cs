using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Seed;

/// <summary>
/// Puts the seed into the trading store once at start; a store that is down is retried until it answers. A one-off job,
/// not one of the background services the guide's start-up lines count.
/// </summary>
public sealed partial class TradingSeedService(ITradingStore store, IOptions<TradingOptions> options, TimeProvider time, ILogger<TradingSeedService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>True once the seed is in the store (or seeding is off).</summary>
    public bool Done { get; private set; }

    /// <summary>Why the last attempt failed, while it has not succeeded.</summary>
    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.SeedOnStart)
        {
            Done = true;
            return;
        }

        var (seed, origin) = settings.SeedFile is { Length: > 0 } path
            ? (TradingSeed.Parse(await File.ReadAllTextAsync(path, stoppingToken).ConfigureAwait(false), path), path)
            : (TradingSeed.Embedded(), TradingSeed.EmbeddedName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (terms, accounts) = await TradingSeeder.ApplyAsync(seed, store, stoppingToken, settings.SeedDevelopmentAccounts).ConfigureAwait(false);
                (Done, LastError) = (true, null);
                Seeded(logger, origin, terms, accounts);
                return;
            }
            catch (TradingStoreException e)
            {
                LastError = e.Message;
                NotSeeded(logger, origin, e.Message, RetryDelay.TotalSeconds);
            }

            await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Trading seed {Origin} applied: {Terms} group terms written, {Accounts} demo accounts created")]
    private static partial void Seeded(ILogger logger, string origin, int terms, int accounts);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Trading seed {Origin} not applied: {Error}; trying again in {Seconds} s")]
    private static partial void NotSeeded(ILogger logger, string origin, string error, double seconds);
}
