using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// The accounts whose stream clients follow the <c>portfolio</c> channel: one <see cref="AccountStream"/> per account with
/// clients, fed by one subscription to <c>portfolio_updates</c> and one to <c>order_updates</c> for the whole gateway.
/// </summary>
/// <remarks>
/// The two subscriptions are made with the gateway's first portfolio client and kept (every announcement is then one
/// dictionary look-up, and most accounts have no client here). An account is followed from its first client to its last;
/// an announcement for an account nobody here follows is counted and dropped.
/// </remarks>
internal sealed class AccountStreamRegistry(
    IPortfolioStore portfolios,
    IOrderAnnouncements orders,
    IOrderEventStream orderEvents,
    TimeProvider time,
    TimeSpan upstreamTimeout,
    TimeSpan orderGapGrace,
    StreamStatistics statistics,
    ILogger logger)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<AccountId, AccountStream> _accounts = new();
    private readonly Lock _membership = new();
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private IAsyncDisposable? _portfolioSubscription;
    private IAsyncDisposable? _orderSubscription;
    private volatile bool _closed;
    private int _clients;

    /// <summary>Clients following the channel now.</summary>
    public int ClientCount => Volatile.Read(ref _clients);

    /// <summary>Accounts with at least one client here.</summary>
    public int AccountCount => _accounts.Count;

    /// <summary>
    /// Adds <paramref name="client"/> to its account's stream and sends it the latest portfolio (read now when the account
    /// had none here), and with <paramref name="sinceSeq"/> the order events it missed after that number; subscribes to
    /// the announcements first when none are yet. False when they could not be subscribed.
    /// </summary>
    public async Task<bool> JoinAsync(AccountId account, IAccountStreamClient client, long? sinceSeq, CancellationToken cancellationToken)
    {
        // Subscribed before the first read, so a change between the read and the subscription is never missed.
        if (!await SubscribeAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        AccountStream stream;
        bool read;
        lock (_membership)
        {
            stream = _accounts.GetOrAdd(account, a => new AccountStream(a, portfolios, orderEvents, time, upstreamTimeout, orderGapGrace, statistics, logger, _closing.Token));
            read = stream.Add(client, sinceSeq);
            Interlocked.Increment(ref _clients);
        }

        if (read)
        {
            stream.OnAnnounced();
        }

        return true;
    }

    /// <summary>Takes <paramref name="client"/> off its account's stream; the account is no longer followed after its last client.</summary>
    public void Leave(AccountId account, IAccountStreamClient client)
    {
        lock (_membership)
        {
            if (_accounts.TryGetValue(account, out var stream) && stream.Remove(client, out var left))
            {
                Interlocked.Decrement(ref _clients);
                if (left == 0)
                {
                    _accounts.TryRemove(new KeyValuePair<AccountId, AccountStream>(account, stream));
                }
            }
        }
    }

    /// <summary>Ends both subscriptions and the reads in flight; later joins fail (the gateway is going away).</summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        await _closing.CancelAsync().ConfigureAwait(false);
        await _subscribing.WaitAsync().ConfigureAwait(false);
        try
        {
            await UnsubscribeAsync(Interlocked.Exchange(ref _portfolioSubscription, null)).ConfigureAwait(false);
            await UnsubscribeAsync(Interlocked.Exchange(ref _orderSubscription, null)).ConfigureAwait(false);
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private async Task<bool> SubscribeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _orderSubscription) is not null)
        {
            return true;
        }

        await _subscribing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                return false;
            }

            if (_orderSubscription is not null)
            {
                return true;
            }

            using var timeout = new CancellationTokenSource(upstreamTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                // The portfolio subscription is kept when the order one fails: the next join tries the order one again.
                _portfolioSubscription ??= await portfolios.SubscribeUpdatesAsync(OnPortfolioAnnounced, linked.Token).ConfigureAwait(false);
                Volatile.Write(ref _orderSubscription, await orders.SubscribeAsync(OnOrderAnnounced, linked.Token).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                statistics.CountPortfolioSubscribeFailure();
                GatewayLog.PortfolioSubscribeFailed(logger, ex, ex.Message);
                return false;
            }

            GatewayLog.PortfolioChannelListening(logger);
            return true;
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private void OnPortfolioAnnounced(AccountId account)
    {
        statistics.CountPortfolioAnnouncement();
        if (_accounts.TryGetValue(account, out var stream))
        {
            stream.OnAnnounced();
        }
    }

    private void OnOrderAnnounced(OrderAnnouncement announcement)
    {
        statistics.CountOrderAnnouncement();
        if (_accounts.TryGetValue(announcement.Account, out var stream))
        {
            // Serialised once, for every client of the account, and only for an account followed here.
            stream.OnOrder(announcement);
        }
    }

    private async Task UnsubscribeAsync(IAsyncDisposable? subscription)
    {
        if (subscription is null)
        {
            return;
        }

        try
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            GatewayLog.PortfolioSubscribeFailed(logger, ex, "unsubscribing failed: " + ex.Message);
        }
    }
}
