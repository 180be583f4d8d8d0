using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// The symbols clients watch: one <see cref="SymbolStream"/> per symbol, subscribed to the store with its first client
/// and unsubscribed with its last, each symbol coordinated on its own, so a slow store subscription stalls only its symbol.
/// </summary>
/// <remarks>
/// A symbol's joins and leaves, its store subscribe and unsubscribe among them, take turns on the symbol's own semaphore:
/// there is at most one store subscription per symbol, and a last leave and a new join never cross. A joiner that arrives
/// during the last leave waits for the unsubscribe, finds the symbol retired, and starts it again under a new entry.
/// </remarks>
internal sealed class SymbolStreamRegistry(
    IPriceStore store, IPriceAnnouncementSubscriber subscriber, TimeProvider time, TimeSpan upstreamTimeout, StreamStatistics statistics, ILogger logger)
{
    private readonly ConcurrentDictionary<string, SymbolStream> _streams = new(StringComparer.Ordinal);
    private readonly Lock _snapshotGate = new();
    private SymbolStream[] _snapshot = [];
    private volatile bool _closed;

    /// <summary>The symbols with a store subscription now.</summary>
    public IReadOnlyList<SymbolStream> Streams => Volatile.Read(ref _snapshot);

    /// <summary>
    /// Adds <paramref name="session"/> to the symbol's clients (and the subscription to the session), subscribing to the
    /// store first when it is the symbol's first client; null when the store subscription failed.
    /// </summary>
    public async Task<ClientSubscription?> JoinAsync(SymbolSettings settings, ClientSession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stream = _streams.GetOrAdd(settings.Symbol, static (_, state) => new SymbolStream(state.settings, state.time, state.statistics), (settings, time, statistics));
            await stream.Membership.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (stream.Retired)
                {
                    continue;
                }

                if (stream.Subscription is null && !await StartAsync(stream, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var subscription = new ClientSubscription(stream, session);
                session.AddSubscription(subscription);
                stream.Add(subscription);
                return subscription;
            }
            finally
            {
                // A first join that failed or was abandoned leaves nothing behind: the symbol goes as after a last leave.
                if (!stream.Retired && stream.SubscriberCount == 0)
                {
                    await StopAsync(stream).ConfigureAwait(false);
                }

                stream.Membership.Release();
            }
        }
    }

    /// <summary>Takes a client's subscription off its symbol; the last one leaving ends the symbol's store subscription.</summary>
    public async Task LeaveAsync(ClientSubscription subscription)
    {
        var stream = subscription.Stream;

        // Not cancellable: a leave always finishes, or the symbol would keep a subscription nobody reads.
        await stream.Membership.WaitAsync().ConfigureAwait(false);
        try
        {
            if (stream.Remove(subscription) == 0 && !stream.Retired)
            {
                await StopAsync(stream).ConfigureAwait(false);
            }
        }
        finally
        {
            stream.Membership.Release();
        }
    }

    /// <summary>Ends every store subscription; later joins fail (the gateway is going away).</summary>
    public async Task CloseAsync()
    {
        _closed = true;
        foreach (var stream in _streams.Values)
        {
            await stream.Membership.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!stream.Retired)
                {
                    await StopAsync(stream).ConfigureAwait(false);
                }
            }
            finally
            {
                stream.Membership.Release();
            }
        }
    }

    // Under the symbol's semaphore: subscribes to the store, then seeds the symbol with the stored price.
    private async Task<bool> StartAsync(SymbolStream stream, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(upstreamTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            stream.Subscription = await subscriber.SubscribePricesAsync(stream.Symbol, stream.OnPrice, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            statistics.CountSubscribeFailure();
            GatewayLog.StreamSubscribeFailed(logger, ex, stream.Symbol, ex.Message);
            return false;
        }

        lock (_snapshotGate)
        {
            Volatile.Write(ref _snapshot, [.. _snapshot, stream]);
        }

        // Read after subscribing, so nothing published in between is lost; the newer of the two stays.
        try
        {
            if (await store.ReadAsync(stream.Symbol, linked.Token).ConfigureAwait(false) is { } stored)
            {
                stream.OnPrice(stored);
            }
        }
        catch (Exception ex) when (ex is PriceStoreException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The next published price fills it; until then the client has the subscription and no price.
            GatewayLog.StoreUnreadable(logger, ex, $"initial price of {stream.Symbol}: {ex.Message}");
        }

        return true;
    }

    // Under the symbol's semaphore: unsubscribes first, then retires the entry, so a joiner waiting meanwhile starts a new one.
    private async Task StopAsync(SymbolStream stream)
    {
        lock (_snapshotGate)
        {
            Volatile.Write(ref _snapshot, [.. _snapshot.Where(s => !ReferenceEquals(s, stream))]);
        }

        if (stream.Subscription is { } subscription)
        {
            stream.Subscription = null;
            try
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                GatewayLog.StreamSubscribeFailed(logger, ex, stream.Symbol, "unsubscribing failed: " + ex.Message);
            }
        }

        stream.Retired = true;
        _streams.TryRemove(new KeyValuePair<string, SymbolStream>(stream.Symbol, stream));
    }
}
