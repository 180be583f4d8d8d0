using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Cluster;
using Tickwatch.Market.Feeds;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Market.Pricing;

/// <summary>
/// Cluster mode: keeps this instance's book current with the prices other instances write, from the sharded channel
/// <c>prices:{market:SYMBOL}</c> of every listed symbol (supervised service <c>price_replicator</c>).
/// </summary>
/// <remarks>
/// A standby's triggers, portfolios and freshness so see the true prices, and a takeover continues from them. Every
/// instance subscribes, the holder too (for feeds it does not hold); its own echoes are not newer than its book and
/// are dropped there. Replicated quotes are marked, and the store writer does not write them back.
/// </remarks>
public sealed class PriceReplicator(IPriceAnnouncementSubscriber subscriber, PriceBook book, ILogger<PriceReplicator> logger) : ISupervisedService
{
    private long _heard;
    private long _taken;

    public string Name => "price_replicator";

    public string DisplayName => "Price replication";

    /// <summary>Announcements heard since the start.</summary>
    public long Heard => Interlocked.Read(ref _heard);

    /// <summary>Announcements taken into the book (newer than what it held).</summary>
    public long Taken => Interlocked.Read(ref _taken);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var symbols = book.Symbols.All.Select(s => s.Symbol).Order(StringComparer.Ordinal).ToArray();
        var subscriptions = new List<IAsyncDisposable>(symbols.Length);
        try
        {
            var failed = 0;
            Exception? firstError = null;
            foreach (var symbol in symbols)
            {
                try
                {
                    subscriptions.Add(await subscriber.SubscribePricesAsync(symbol, OnPrice, stoppingToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed++;
                    firstError ??= ex;
                }
            }

            ClusterMarketLog.ReplicationSubscribed(logger, subscriptions.Count, failed);
            if (firstError is not null)
            {
                // The supervisor restarts the service with backoff, subscribing every symbol again.
                throw new InvalidOperationException($"Subscribing {failed} of {symbols.Length} price channels failed: {firstError.Message}", firstError);
            }

            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void OnPrice(StoredPrice price)
    {
        Interlocked.Increment(ref _heard);
        if (book.ApplyReplicated(FeedTakeover.QuoteOf(price)) is not null)
        {
            Interlocked.Increment(ref _taken);
        }
    }
}
