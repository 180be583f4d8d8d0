using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// The live price stream: one store subscription per symbol shared by all clients, each price serialised once,
/// each client fed by its own send loop with the latest price of each symbol it has not been sent yet.
/// </summary>
public sealed class LivePriceStream : IAsyncDisposable
{
    private readonly IPriceStore _store;
    private readonly IPriceAnnouncementSubscriber _subscriber;
    private readonly SymbolRegistry _symbols;
    private readonly TimeProvider _time;
    private readonly StreamOptions _options;
    private readonly GatewayOptions _gateway;
    private readonly ILogger<LivePriceStream> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SymbolStream> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, ClientSession> _sessions = new();
    private SymbolStream[] _streamSnapshot = [];
    private long _nextId;
    private int _clients;

    public LivePriceStream(
        IPriceStore store,
        IPriceAnnouncementSubscriber subscriber,
        SymbolRegistry symbols,
        TimeProvider time,
        IOptions<StreamOptions> options,
        IOptions<GatewayOptions> gateway,
        ILogger<LivePriceStream> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        _store = store;
        _subscriber = subscriber;
        _symbols = symbols;
        _time = time;
        _options = options.Value;
        _gateway = gateway.Value;
        _logger = logger;
    }

    public StreamStatistics Statistics { get; } = new();

    public IReadOnlyCollection<ClientSession> Sessions => [.. _sessions.Values];

    public IReadOnlyList<SymbolStream> Streams => Volatile.Read(ref _streamSnapshot);

    public StreamOptions Options => _options;

    /// <summary>Takes a place for one more client, or says no when <see cref="StreamOptions.MaxClients"/> are connected.</summary>
    public bool TryAdmit()
    {
        if (Interlocked.Increment(ref _clients) <= _options.MaxClients)
        {
            return true;
        }

        Interlocked.Decrement(ref _clients);
        Statistics.CountClientRefused();
        return false;
    }

    /// <summary>Gives back a place taken with <see cref="TryAdmit"/>.</summary>
    public void Leave() => Interlocked.Decrement(ref _clients);

    /// <summary>A session for an accepted WebSocket; run it with <see cref="ClientSession.RunAsync"/>.</summary>
    public ClientSession Open(WebSocket socket, string user, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var session = new ClientSession(Interlocked.Increment(ref _nextId), user, correlationId, socket, this, _options, _time, _logger);
        _sessions[session.Id] = session;
        Statistics.CountClientConnected();
        GatewayLog.StreamClientConnected(_logger, session.Id, user, correlationId);
        return session;
    }

    /// <summary>Looks for stale and closing symbols (announced once each) and for clients too far behind (disconnected).</summary>
    public void Watch()
    {
        var now = _time.GetUtcNow();
        foreach (var stream in Volatile.Read(ref _streamSnapshot))
        {
            var told = stream.Announce(now, out var announced);
            if (told >= 0 && announced == Freshness.Closed)
            {
                Statistics.CountClosedAnnouncement();
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var hours = stream.Settings.TradingHours.ToString();
                    GatewayLog.StreamSymbolClosed(_logger, stream.Symbol, hours, told);
                }
            }
            else if (told >= 0)
            {
                Statistics.CountStaleAnnouncement();
                GatewayLog.StreamSymbolStale(
                    _logger, stream.Symbol, (now - stream.Latest!.Price.ReceivedAt).TotalMilliseconds, stream.Settings.MaxQuoteAge.TotalMilliseconds, told);
            }
        }

        var timestamp = _time.GetTimestamp();
        foreach (var session in _sessions.Values)
        {
            var lag = session.Lag(timestamp);
            if (lag > _options.MaxClientLag && session.CloseReason is null)
            {
                var reason = $"too slow: prices waited {lag.TotalSeconds:0.0} s to be sent (limit {_options.MaxClientLag.TotalSeconds:0.###} s)";
                if (session.Disconnect(WebSocketCloseStatus.PolicyViolation, reason))
                {
                    Statistics.CountClientDroppedSlow();
                    GatewayLog.StreamClientTooSlow(_logger, session.Id, session.User, reason);
                }
            }
        }
    }

    /// <summary>Tells every client the gateway is going away.</summary>
    public void DisconnectAll(string reason)
    {
        foreach (var session in _sessions.Values)
        {
            session.Disconnect(WebSocketCloseStatus.EndpointUnavailable, reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        DisconnectAll("gateway shutting down");
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var stream in _streams.Values)
            {
                await DisposeSubscriptionAsync(stream).ConfigureAwait(false);
            }

            _streams.Clear();
            Volatile.Write(ref _streamSnapshot, []);
        }
        finally
        {
            _gate.Release();
        }
    }

    internal async Task HandleAsync(ClientSession session, StreamCommand command, CancellationToken cancellationToken)
    {
        switch (command.Kind)
        {
            case StreamCommandKind.Ping:
                session.Reply(StreamReplies.Pong(_time.GetUtcNow()));
                break;
            case StreamCommandKind.Subscribe:
                await SubscribeAsync(session, command.Symbols, cancellationToken).ConfigureAwait(false);
                break;
            case StreamCommandKind.Unsubscribe:
                await UnsubscribeAsync(session, command.Symbols).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Ends a session: its slots leave their symbols, whose store subscriptions end with their last client.</summary>
    internal async Task ReleaseAsync(ClientSession session)
    {
        _sessions.TryRemove(session.Id, out _);
        var subscriptions = session.RemoveAllSubscriptions();
        if (subscriptions.Length > 0)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                foreach (var subscription in subscriptions)
                {
                    await LeaveStreamAsync(subscription).ConfigureAwait(false);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        Statistics.CountClientClosed(session.Sent, session.MessagesSent, session.Conflated);
    }

    private async Task SubscribeAsync(ClientSession session, IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        var accepted = new List<SymbolSettings>();
        var unknown = new List<string>();
        var rejected = new List<string>();
        var room = _options.MaxSymbolsPerClient - session.SubscriptionCount;
        foreach (var symbol in symbols)
        {
            if (!_symbols.TryGet(symbol, out var settings))
            {
                unknown.Add(symbol);
            }
            else if (!session.TryGetSubscription(symbol, out _))
            {
                if (accepted.Count < room)
                {
                    accepted.Add(settings);
                }
                else
                {
                    rejected.Add(symbol);
                }
            }
        }

        // The reply goes first, so a client reads it before the first prices of what it asked for.
        session.Reply(StreamReplies.Subscribed(
            [.. accepted.Select(s => s.Symbol)], unknown, rejected, rejected.Count > 0 ? $"at most {_options.MaxSymbolsPerClient} symbols per client" : null));
        if (accepted.Count == 0)
        {
            return;
        }

        var added = new List<ClientSubscription>(accepted.Count);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var settings in accepted)
            {
                var stream = await AcquireStreamAsync(settings, cancellationToken).ConfigureAwait(false);
                if (stream is null)
                {
                    session.Reply(StreamReplies.Error("prices of this symbol cannot be streamed right now; subscribe again shortly", settings.Symbol));
                    continue;
                }

                var subscription = new ClientSubscription(stream, session);
                session.AddSubscription(subscription);
                stream.Add(subscription);
                added.Add(subscription);
            }
        }
        finally
        {
            _gate.Release();
        }

        // Each new subscriber gets the symbol's latest price at once.
        var timestamp = _time.GetTimestamp();
        foreach (var subscription in added.Where(s => s.Stream.Latest is not null))
        {
            subscription.OnNewerPrice(timestamp);
        }
    }

    private async Task UnsubscribeAsync(ClientSession session, IReadOnlyList<string> symbols)
    {
        var removed = new List<string>();
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var symbol in symbols)
            {
                if (session.RemoveSubscription(symbol) is { } subscription)
                {
                    await LeaveStreamAsync(subscription).ConfigureAwait(false);
                    removed.Add(symbol);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        session.Reply(StreamReplies.Unsubscribed(removed));
    }

    // Under the gate: the symbol's stream, subscribed to the store on first use and seeded with the stored price.
    private async Task<SymbolStream?> AcquireStreamAsync(SymbolSettings settings, CancellationToken cancellationToken)
    {
        if (_streams.TryGetValue(settings.Symbol, out var existing))
        {
            return existing;
        }

        var stream = new SymbolStream(settings, _time, Statistics);
        using var timeout = new CancellationTokenSource(_gateway.UpstreamTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            stream.Subscription = await _subscriber.SubscribePricesAsync(settings.Symbol, stream.OnPrice, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Statistics.CountSubscribeFailure();
            GatewayLog.StreamSubscribeFailed(_logger, ex, settings.Symbol, ex.Message);
            return null;
        }

        _streams[settings.Symbol] = stream;
        Volatile.Write(ref _streamSnapshot, [.. _streams.Values]);

        // Read after subscribing, so nothing published in between is lost; the newer of the two stays.
        try
        {
            if (await _store.ReadAsync(settings.Symbol, linked.Token).ConfigureAwait(false) is { } stored)
            {
                stream.OnPrice(stored);
            }
        }
        catch (Exception ex) when (ex is PriceStoreException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The next published price fills it; until then the client has the subscription and no price.
            GatewayLog.StoreUnreadable(_logger, ex, $"initial price of {settings.Symbol}: {ex.Message}");
        }

        return stream;
    }

    // Under the gate.
    private async Task LeaveStreamAsync(ClientSubscription subscription)
    {
        var stream = subscription.Stream;
        if (stream.Remove(subscription) == 0 && _streams.Remove(stream.Symbol))
        {
            Volatile.Write(ref _streamSnapshot, [.. _streams.Values]);
            await DisposeSubscriptionAsync(stream).ConfigureAwait(false);
        }
    }

    private async Task DisposeSubscriptionAsync(SymbolStream stream)
    {
        if (stream.Subscription is { } subscription)
        {
            stream.Subscription = null;
            try
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                GatewayLog.StreamSubscribeFailed(_logger, ex, stream.Symbol, "unsubscribing failed: " + ex.Message);
            }
        }
    }
}
