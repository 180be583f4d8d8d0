using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Auth;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Publishing;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// The live price stream: one store subscription per symbol shared by all clients, each price serialised once,
/// each client fed by its own send loop with the latest price of each symbol it has not been sent yet; and the
/// <c>portfolio</c> channel, each client's own account's portfolio and order changes, from one subscription to each
/// announcement channel for the whole gateway.
/// </summary>
public sealed class LivePriceStream : IAsyncDisposable
{
    // One line a minute at most for connections refused per user: a client retrying in a loop must not flood the log.
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromMinutes(1);

    private readonly SymbolRegistry _symbols;
    private readonly TimeProvider _time;
    private readonly StreamOptions _options;
    private readonly TimeSpan _tokenClockSkew;
    private readonly ILogger<LivePriceStream> _logger;
    private readonly SymbolStreamRegistry _streams;
    private readonly AccountStreamRegistry _accounts;
    private readonly UserStreamCounts _userStreams;
    private readonly ShownPriceLog? _shown;
    private readonly ConcurrentDictionary<long, ClientSession> _sessions = new();
    private long _nextId;
    private int _clients;
    private long _refusalLoggedAt;
    private long _refusalsUnlogged;

    public LivePriceStream(
        IPriceStore store,
        IPriceAnnouncementSubscriber subscriber,
        IPortfolioStore portfolios,
        IOrderAnnouncements orders,
        SymbolRegistry symbols,
        TimeProvider time,
        IOptions<StreamOptions> options,
        IOptions<GatewayOptions> gateway,
        IOptions<JwtOptions> jwt,
        ILogger<LivePriceStream> logger,
        ShownPriceLog? shown = null,
        IOrderEventStream? orderEvents = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(jwt);
        _symbols = symbols;
        _time = time;
        _options = options.Value;
        _tokenClockSkew = jwt.Value.ClockSkew;
        _logger = logger;
        _streams = new SymbolStreamRegistry(store, subscriber, time, gateway.Value.UpstreamTimeout, Statistics, logger);
        // Without the store's order events (a gateway with no trading store) every resume is an orders_reset.
        _accounts = new AccountStreamRegistry(
            portfolios, orders, orderEvents ?? new InMemoryTradingStore(time), time, gateway.Value.UpstreamTimeout, _options.OrderGapGrace, Statistics, logger);
        _userStreams = new UserStreamCounts(_options.MaxConnectionsPerUser);
        _shown = shown;
        Load = new StreamLoad(time, Environment.ProcessorCount);
        Load.Start();
    }

    public StreamStatistics Statistics { get; } = new();

    public IReadOnlyCollection<ClientSession> Sessions => [.. _sessions.Values];

    public IReadOnlyList<SymbolStream> Streams => _streams.Streams;

    public StreamOptions Options => _options;

    /// <summary>The gateway's load as adaptive pacing sees it.</summary>
    public StreamLoad Load { get; }

    /// <summary>Clients following their account's <c>portfolio</c> channel now.</summary>
    public int PortfolioSubscribers => _accounts.ClientCount;

    /// <summary>Accounts whose portfolio and orders at least one client here follows.</summary>
    public int PortfolioAccounts => _accounts.AccountCount;

    /// <summary>
    /// Takes a place for one more client of <paramref name="user"/>, or says which limit it met: <see cref="StreamOptions.MaxClients"/>
    /// in all, or <see cref="StreamOptions.MaxConnectionsPerUser"/> for its user. An admitted client gives its place back with <see cref="Leave"/>.
    /// </summary>
    public StreamAdmission Admit(string user)
    {
        if (Interlocked.Increment(ref _clients) > _options.MaxClients)
        {
            Interlocked.Decrement(ref _clients);
            Statistics.CountClientRefused();
            return StreamAdmission.GatewayFull;
        }

        if (!_userStreams.TryAdd(user))
        {
            Interlocked.Decrement(ref _clients);
            Statistics.CountClientRefusedPerUser();
            LogUserRefused(user);
            return StreamAdmission.UserFull;
        }

        return StreamAdmission.Admitted;
    }

    /// <summary>Gives back a place taken with <see cref="Admit"/>.</summary>
    public void Leave(string user)
    {
        _userStreams.Remove(user);
        Interlocked.Decrement(ref _clients);
    }

    /// <summary>Streams <paramref name="user"/> has open now (as counted against <see cref="StreamOptions.MaxConnectionsPerUser"/>).</summary>
    public int StreamsOf(string user) => _userStreams.Of(user);

    /// <summary>Closes an accepted WebSocket that met <see cref="StreamOptions.MaxConnectionsPerUser"/>, with code 1008 and the reason.</summary>
    public async Task RefuseAsync(WebSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var reason = $"too many streams for this user: at most {_options.MaxConnectionsPerUser} at once";
        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _time);
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // It did not take the close in time, or went first.
            socket.Abort();
        }
    }

    /// <summary>
    /// A session for an accepted WebSocket; run it with <see cref="ClientSession.RunAsync"/>. It is closed with a reason when
    /// <paramref name="tokenExpiresAt"/> (plus <c>Jwt:ClockSkew</c>, as the token is checked) has passed.
    /// </summary>
    public ClientSession Open(WebSocket socket, string user, string correlationId, DateTimeOffset? tokenExpiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var session = new ClientSession(
            Interlocked.Increment(ref _nextId), user, correlationId, socket, this, _options, _time, _logger, tokenExpiresAt, tokenExpiresAt + _tokenClockSkew, _shown?.ForStream(user));
        _sessions[session.Id] = session;
        Statistics.CountClientConnected();
        GatewayLog.StreamClientConnected(_logger, session.Id, user, correlationId);
        return session;
    }

    /// <summary>Looks for stale and closing symbols (announced once each) and for clients too far behind (disconnected).</summary>
    public void Watch()
    {
        var now = _time.GetUtcNow();
        foreach (var stream in _streams.Streams)
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
        Load.Dispose();
        await _streams.CloseAsync().ConfigureAwait(false);
        await _accounts.DisposeAsync().ConfigureAwait(false);
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
            case StreamCommandKind.SubscribePortfolio:
                await SubscribePortfolioAsync(session, command.SinceSeq, cancellationToken).ConfigureAwait(false);
                break;
            case StreamCommandKind.UnsubscribePortfolio:
                UnsubscribePortfolio(session);
                break;
        }
    }

    /// <summary>Ends a session: its slots leave their symbols, whose store subscriptions end with their last client.</summary>
    internal async Task ReleaseAsync(ClientSession session)
    {
        _sessions.TryRemove(session.Id, out _);
        foreach (var subscription in session.RemoveAllSubscriptions())
        {
            await _streams.LeaveAsync(subscription).ConfigureAwait(false);
        }

        if (session.PortfolioSubscribed && session.Account is { } account)
        {
            _accounts.Leave(account, session);
            session.PortfolioSubscribed = false;
        }

        Statistics.CountClientClosed(session);
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
        foreach (var settings in accepted)
        {
            // Each symbol on its own: a slow store subscription of one holds up no other client and no other symbol's leave.
            if (await _streams.JoinAsync(settings, session, cancellationToken).ConfigureAwait(false) is { } subscription)
            {
                added.Add(subscription);
            }
            else
            {
                session.Reply(StreamReplies.Error("prices of this symbol cannot be streamed right now; subscribe again shortly", settings.Symbol));
            }
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
        foreach (var symbol in symbols)
        {
            if (session.RemoveSubscription(symbol) is { } subscription)
            {
                await _streams.LeaveAsync(subscription).ConfigureAwait(false);
                removed.Add(symbol);
            }
        }

        session.Reply(StreamReplies.Unsubscribed(removed));
    }

    // Only the token's own account: the account comes from the token, never from the command.
    private async Task SubscribePortfolioAsync(ClientSession session, long? sinceSeq, CancellationToken cancellationToken)
    {
        const string Channel = StreamCommand.PortfolioChannel;
        if (session.Account is not { } account)
        {
            Statistics.CountPortfolioRefused();
            session.Reply(StreamReplies.Error("no portfolio to stream: the token names no trading account (its sub and user_type)", channel: Channel));
            return;
        }

        // The reply goes first, so a client reads it before the portfolio it is sent at once.
        session.Reply(StreamReplies.SubscribedChannel(Channel, account.ToString()));
        if (session.PortfolioSubscribed)
        {
            return;
        }

        if (await _accounts.JoinAsync(account, session, sinceSeq, cancellationToken).ConfigureAwait(false))
        {
            session.PortfolioSubscribed = true;
        }
        else
        {
            session.Reply(StreamReplies.Error("the portfolio cannot be streamed right now; subscribe again shortly", channel: Channel));
        }
    }

    // Whatever the session was sent before the reply is all it gets: nothing is offered to it once it has left.
    private void UnsubscribePortfolio(ClientSession session)
    {
        if (session.PortfolioSubscribed && session.Account is { } account)
        {
            _accounts.Leave(account, session);
            session.PortfolioSubscribed = false;
        }

        session.Reply(StreamReplies.UnsubscribedChannel(StreamCommand.PortfolioChannel));
    }

    // One line per interval, naming the user refused and how many were refused since the last line.
    private void LogUserRefused(string user)
    {
        Interlocked.Increment(ref _refusalsUnlogged);
        var now = _time.GetTimestamp();
        var last = Volatile.Read(ref _refusalLoggedAt);
        if ((last != 0 && _time.GetElapsedTime(last, now) < RefusalLogInterval) || Interlocked.CompareExchange(ref _refusalLoggedAt, now, last) != last)
        {
            return;
        }

        var refused = Interlocked.Exchange(ref _refusalsUnlogged, 0);
        GatewayLog.StreamUserConnectionsRefused(_logger, user, _options.MaxConnectionsPerUser, Math.Max(1, refused));
    }
}
