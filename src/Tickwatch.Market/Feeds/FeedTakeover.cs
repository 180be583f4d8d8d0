using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Listening;
using Tickwatch.Market.Cluster;
using Tickwatch.Storage.Cluster;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Market.Feeds;

/// <summary>Runs a feed's listener only while this instance holds the feed's lease, and takes the feed over in the safe order: acquire, seal, warm up, connect.</summary>
/// <remarks>
/// <para>
/// Sealing the feed's fences (on every symbol it may quote) before reading the store means no late write of the former
/// holder can land after the read, so the book continues from the final stored state; a write that landed before the
/// seal is a legitimate older price, ordered by newer-wins. A fence found at or above the new token means the token
/// counter went back (a failover lost it): the lease is given up and acquired again above that fence.
/// </para>
/// <para>A standby never connects to the venue: it waits for the lease, while its book follows the holder's writes (<see cref="Pricing.PriceReplicator"/>).</para>
/// </remarks>
public sealed class FeedTakeover(
    FeedListener listener,
    IReadOnlyList<string> symbols,
    ILeaseHolder leases,
    ILeaseStore? leaseStore,
    IPriceFenceStore fences,
    IPriceStore store,
    PriceBook book,
    ILogger logger,
    ILeaseFloor? floor = null,
    TakeoverTimings? timings = null,
    TimeProvider? time = null)
{
    /// <summary>How long a takeover that could not reach the store waits before competing again (the design's acquire poll).</summary>
    public static readonly TimeSpan RetryAfterStoreFailure = TimeSpan.FromMilliseconds(250);

    private readonly LeaseName _lease = LeaseName.Feed(listener.Name);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _takeovers;
    private long _failedTakeovers;

    /// <summary>Takeovers completed since the start.</summary>
    public long Takeovers => Interlocked.Read(ref _takeovers);

    /// <summary>Takeovers given up since the start because the seal or the warm-up could not reach the store.</summary>
    public long FailedTakeovers => Interlocked.Read(ref _failedTakeovers);

    /// <summary>Holds the feed while the lease is held; waits as a standby otherwise; returns when <paramref name="stoppingToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var waiting = leases.WaitForAsync(_lease, stoppingToken);
            if (!waiting.IsCompleted && leaseStore is not null)
            {
                await LogStandbyAsync(stoppingToken).ConfigureAwait(false);
            }

            var held = await waiting.ConfigureAwait(false);
            using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, held.Lost);
            try
            {
                if (!await TakeOverAsync(held, holding.Token).ConfigureAwait(false))
                {
                    continue;
                }

                Interlocked.Increment(ref _takeovers);
                await listener.RunAsync(holding.Token).ConfigureAwait(false);

                // A listener that returns when its token fires: the lease was lost, unless the service is stopping.
                if (held.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    ClusterMarketLog.GivenUp(logger, listener.Name, held.Token, "the lease was lost");
                }
            }
            catch (OperationCanceledException) when (held.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                ClusterMarketLog.GivenUp(logger, listener.Name, held.Token, "the lease was lost");
            }
            catch (PriceStoreException ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The seal or the warm-up could not reach the store: give the lease up, so a healthier instance may take it.
                leases.Drop(_lease, "the takeover could not reach the store: " + ex.Message);
                ClusterMarketLog.GivenUp(logger, listener.Name, held.Token, ex.Message);
                Interlocked.Increment(ref _failedTakeovers);

                // The store still names this instance, so the lease would be granted again at once: without a pause,
                // a Redis failover (slots moving, CLUSTERDOWN) turns into a loop of grants and failed seals.
                await Task.Delay(RetryAfterStoreFailure, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Seals and warms up; false when the seal found a later fence (the lease is dropped and acquired again above it).</summary>
    private async Task<bool> TakeOverAsync(HeldLease held, CancellationToken ct)
    {
        ClusterMarketLog.TakeoverStarted(logger, listener.Name, held.Token);
        var started = Stopwatch.GetTimestamp();
        var seal = await fences.SealAsync(listener.Name, held.Token, symbols, ct).ConfigureAwait(false);
        if (seal.MaxFenceSeen >= held.Token)
        {
            floor?.RaiseFloor(_lease, seal.MaxFenceSeen);
            leases.Drop(_lease, $"the feed's fence {seal.MaxFenceSeen} is at or above the token {held.Token} (token counter lost)");
            return false;
        }

        // The stored prices, final now that the fence is sealed, enter the book as replicated ones: true age, book sequence carried on.
        var stored = await store.ReadManyAsync(symbols, ct).ConfigureAwait(false);
        var taken = 0;
        foreach (var price in stored)
        {
            if (price is not null && book.ApplyReplicated(QuoteOf(price)) is not null)
            {
                taken++;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        ClusterMarketLog.WarmedUp(logger, listener.Name, symbols.Count, taken, (long)elapsed.TotalMilliseconds);
        timings?.Record(_lease, elapsed);
        return true;
    }

    private async Task LogStandbyAsync(CancellationToken ct)
    {
        try
        {
            var state = await leaseStore!.ReadAsync(_lease, ct).ConfigureAwait(false);
            ClusterMarketLog.Standby(logger, listener.Name, state.Holder ?? "nobody yet");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ClusterMarketLog.Standby(logger, listener.Name, "unknown (" + ex.Message + ")");
        }
    }

    /// <summary>A stored price as the quote it was when its writer's book accepted it.</summary>
    internal static Quote QuoteOf(StoredPrice price) => new()
    {
        Symbol = price.Symbol,
        Bid = price.Bid,
        Ask = price.Ask,
        Feed = price.Feed,
        ReceivedAt = price.ReceivedAt,
        SourceTime = price.SourceTime,
        SourceSequence = price.SourceSequence,
        BookSequence = price.BookSequence,
        Version = price.Version,
        IsReplicated = true,
    };
}
