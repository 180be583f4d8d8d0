using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Gateway.Hosting;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// One connected stream client: its subscriptions, the one loop that sends to it, and the loop that reads its commands.
/// </summary>
/// <remarks>
/// Only the send loop writes to the socket, one message at a time. What waits for it is bounded: one batch of prices
/// (queued once, filled when sent with the latest price of each symbol the client has not had), a few command
/// replies, and on the <c>portfolio</c> channel the latest portfolio (one between two order changes, so none overtakes
/// an order change) and at most <see cref="MaxPendingOrders"/> order changes (one more is a client too slow,
/// disconnected). Batches are spaced by the <see cref="SendPacer"/>: at once for an idle client, at least
/// <see cref="StreamOptions.MinSendGap"/> and at most <see cref="StreamOptions.MaxBatchDelay"/> apart as load rises (or one
/// <see cref="StreamOptions.SendInterval"/> apart with fixed pacing). A client whose oldest waiting price is
/// older than <see cref="StreamOptions.MaxClientLag"/> is disconnected with a reason (close code 1008), as is one whose
/// token expires or that keeps sending commands faster than <see cref="StreamOptions.MaxCommandsPerSecond"/>.
/// </remarks>
public sealed class ClientSession : IDisposable, IAccountStreamClient
{
    /// <summary>Order changes that may wait to be sent to one client; one more disconnects it as too slow.</summary>
    public const int MaxPendingOrders = 256;

    private const int MaxPendingReplies = 32;

    // The longest a timer may be set for (about 49 days); a token that lives longer is looked at again then.
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly WebSocket _socket;
    private readonly LivePriceStream _hub;
    private readonly StreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PriceBatch _batch;
    private readonly SendSlotTimer _slotTimer;
    private readonly SendPacer _pacer;
    private readonly CommandTokenBucket _commands;
    private readonly DateTimeOffset? _closeForExpiryAt;
    private readonly Channel<IOutboundMessage> _outbound = Channel.CreateUnbounded<IOutboundMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    // Changed only by the receive loop (and at the end); the watchdog and reports read the snapshot.
    private readonly Dictionary<string, ClientSubscription> _subscriptions = new(StringComparer.Ordinal);
    private ClientSubscription[] _subscriptionSnapshot = [];
    private long _sent;
    private long _messagesSent;
    private long _conflated;
    private long _sendingSince;
    private long _portfoliosSent;
    private long _portfoliosConflated;
    private long _ordersSent;
    private long _messagesAtOnce;
    private long _messagesCoalesced;

    // Whether the socket took the last message at once (only the send loop sends, so only it reads and writes this).
    private bool _lastSendAtOnce;
    private TimeSpan _lastSendTook;

    // The slot newer portfolios go to; changed only by the offers, which come one at a time under the account's lock.
    private PortfolioSlot _portfolioSlot;
    private int _pendingOrders;
    private volatile bool _portfolioSubscribed;

    // 0 while no price waits; else the timestamp of the first price since the send loop last took them.
    private long _waitingSince;
    private int _pendingReplies;
    private string? _closeReason;
    private volatile int _closeStatus = (int)WebSocketCloseStatus.NormalClosure;
    private ITimer? _abortTimer;
    private int _refusedCommands;
    private ITimer? _expiryTimer;

    internal ClientSession(
        long id,
        string user,
        string correlationId,
        WebSocket socket,
        LivePriceStream hub,
        StreamOptions options,
        TimeProvider time,
        ILogger logger,
        DateTimeOffset? tokenExpiresAt = null,
        DateTimeOffset? closeForExpiryAt = null,
        ShownPriceRecorder? shown = null)
    {
        Id = id;
        User = user;
        CorrelationId = correlationId;
        _socket = socket;
        _hub = hub;
        _options = options;
        _time = time;
        _logger = logger;
        _batch = new PriceBatch(this);
        _portfolioSlot = new PortfolioSlot(this);
        Account = AccountId.TryParse(user, out var account) ? account : null;
        _slotTimer = new SendSlotTimer(time);
        _pacer = new SendPacer(options, time, hub.Load);
        _commands = new CommandTokenBucket(time, options.MaxCommandsPerSecond, options.CommandBurst);
        TokenExpiresAt = tokenExpiresAt;
        _closeForExpiryAt = closeForExpiryAt ?? tokenExpiresAt;
        ConnectedAt = time.GetUtcNow();
        Shown = shown;
    }

    public long Id { get; }

    /// <summary>The token's user (<c>type:id</c>).</summary>
    public string User { get; }

    /// <summary>The trading account the token names, the only one whose portfolio and orders this client may follow; null when it names none.</summary>
    public AccountId? Account { get; }

    /// <summary>Whether the client follows its account's <c>portfolio</c> channel (changed only by its commands and its end).</summary>
    public bool PortfolioSubscribed
    {
        get => _portfolioSubscribed;
        internal set => _portfolioSubscribed = value;
    }

    /// <summary>Portfolios sent to this client.</summary>
    public long PortfoliosSent => Interlocked.Read(ref _portfoliosSent);

    /// <summary>Portfolios replaced by a newer one before they could be sent.</summary>
    public long PortfoliosConflated => Interlocked.Read(ref _portfoliosConflated);

    /// <summary>Order changes sent to this client.</summary>
    public long OrdersSent => Interlocked.Read(ref _ordersSent);

    public string CorrelationId { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>When the client's token expires (its <c>exp</c>); the stream is closed then (after the allowed clock skew).</summary>
    public DateTimeOffset? TokenExpiresAt { get; }

    /// <summary>Prices sent to this client.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Messages of prices sent to this client (each carries one or more prices).</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Prices replaced by a newer one before they could be sent.</summary>
    public long Conflated => Interlocked.Read(ref _conflated);

    /// <summary>Messages of prices sent without waiting (the client was idle and its last message a gap or more ago).</summary>
    public long MessagesSentAtOnce => Interlocked.Read(ref _messagesAtOnce);

    /// <summary>Messages of prices that waited for their gap or slot, gathering every price that arrived meanwhile.</summary>
    public long MessagesCoalesced => Interlocked.Read(ref _messagesCoalesced);

    /// <summary>Why the gateway is closing this client, once it is.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    public IReadOnlyList<string> Symbols => [.. Volatile.Read(ref _subscriptionSnapshot).Select(s => s.Stream.Symbol)];

    internal int SubscriptionCount => _subscriptions.Count;

    /// <summary>What this client is shown goes to the gateway's record of it (null when the record is off or the user is no account).</summary>
    internal ShownPriceRecorder? Shown { get; }

    internal ClientSubscription[] SubscriptionSnapshot => Volatile.Read(ref _subscriptionSnapshot);

    /// <summary>Runs until the client goes or is disconnected; never throws, and always gives back what the client held.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        var sending = SendLoopAsync();

        // One timer for the token's end, not a check per message: a quiet client is closed on time too.
        if (_closeForExpiryAt is not null)
        {
            Volatile.Write(ref _expiryTimer, _time.CreateTimer(static self => ((ClientSession)self!).OnExpiryDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
            OnExpiryDue();
        }

        string reason;
        try
        {
            reason = await ReceiveLoopAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            reason = "connection lost";
            _socket.Abort();
        }
        catch (Exception ex)
        {
            // A fault of the gateway's own: logged and counted, the client told, and released like any other.
            reason = "gateway error";
            _hub.Statistics.CountClientFailed();
            GatewayLog.StreamClientFailed(_logger, ex, Id, User, ex.Message);
            Disconnect(WebSocketCloseStatus.InternalServerError, "gateway error: connect again");
        }

        try
        {
            // Stops the sending (a client that closed may have stopped reading too) with a deadline.
            Disconnect(WebSocketCloseStatus.NormalClosure, reason);
            await sending.ConfigureAwait(false);
        }
        finally
        {
            if (Volatile.Read(ref _expiryTimer) is { } expiry)
            {
                await expiry.DisposeAsync().ConfigureAwait(false);
            }

            _slotTimer.Dispose();
            if (Volatile.Read(ref _abortTimer) is { } timer)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }

            await _hub.ReleaseAsync(this).ConfigureAwait(false);
        }

        GatewayLog.StreamClientClosed(_logger, Id, CloseReason ?? reason, Sent, Conflated);
    }

    /// <summary>Releases the send-slot timer; the run releases it when it ends, this covers a session that never ran.</summary>
    public void Dispose() => _slotTimer.Dispose();

    /// <summary>Whether a message to this client is on its way to the socket now.</summary>
    internal bool Sending => Volatile.Read(ref _sendingSince) != 0;

    /// <summary>How long the oldest price waiting for this client has waited (or the current send has taken), at <paramref name="timestamp"/>.</summary>
    internal TimeSpan Lag(long timestamp)
    {
        var oldest = Volatile.Read(ref _sendingSince);
        var waiting = Volatile.Read(ref _waitingSince);
        if (waiting != 0 && (oldest == 0 || waiting < oldest))
        {
            oldest = waiting;
        }

        return oldest == 0 || oldest > timestamp ? TimeSpan.Zero : _time.GetElapsedTime(oldest, timestamp);
    }

    /// <summary>Stops sending to this client and closes it with <paramref name="reason"/>; cuts the connection if it does not take the close in time.</summary>
    internal bool Disconnect(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return false;
        }

        _closeStatus = (int)status;
        Volatile.Write(ref _abortTimer, _time.CreateTimer(static state => ((WebSocket)state!).Abort(), _socket, _options.CloseTimeout, Timeout.InfiniteTimeSpan));
        _outbound.Writer.TryComplete();

        // Ends the wait for the next send slot, so the close goes out now.
        _slotTimer.Close();
        return true;
    }

    /// <summary>A subscribed symbol has a newer price: queues this client's batch unless it is queued already.</summary>
    /// <remarks>Called for each armed subscription a price wakes and for every subscriber of a stale announcement; when already queued, one read.</remarks>
    internal void OnPriceWaiting(long timestamp)
    {
        if (Volatile.Read(ref _waitingSince) == 0 && Interlocked.CompareExchange(ref _waitingSince, timestamp, 0) == 0)
        {
            _outbound.Writer.TryWrite(_batch);
        }
    }

    /// <summary>The send loop takes every waiting price: later ones queue the batch again.</summary>
    internal void TakeWaiting() => Interlocked.Exchange(ref _waitingSince, 0);

    /// <summary>Counts one written batch (the send loop is the only writer; others read).</summary>
    internal void CountBatch(int prices, long skipped)
    {
        if (prices > 0)
        {
            Interlocked.Add(ref _sent, prices);
            Interlocked.Increment(ref _messagesSent);
        }

        if (skipped > 0)
        {
            Interlocked.Add(ref _conflated, skipped);
        }
    }

    void IAccountStreamClient.OfferPortfolio(PortfolioMessage portfolio)
    {
        // The slot is queued once; a portfolio that replaces one not yet sent only makes it newer.
        var slot = _portfolioSlot;
        if (slot.Put(portfolio) is null)
        {
            _outbound.Writer.TryWrite(slot);
        }
        else
        {
            Interlocked.Increment(ref _portfoliosConflated);
        }
    }

    void IAccountStreamClient.OfferOrder(byte[] message)
    {
        // The portfolio waiting is from before this change: a newer one goes behind it, into a slot of its own.
        if (_portfolioSlot.HasPending)
        {
            _portfolioSlot = new PortfolioSlot(this);
        }

        if (Interlocked.Increment(ref _pendingOrders) <= MaxPendingOrders)
        {
            _outbound.Writer.TryWrite(new OrderMessage(this, message));
            return;
        }

        // Every order change counts, so none is dropped quietly: a client this far behind is closed, to connect again.
        var reason = $"too slow: {MaxPendingOrders} order changes waited to be sent";
        if (Disconnect(WebSocketCloseStatus.PolicyViolation, reason))
        {
            _hub.Statistics.CountClientDroppedSlow();
            GatewayLog.StreamClientTooSlow(_logger, Id, User, reason);
        }
    }

    /// <summary>One portfolio is being sent (the send loop's, as it writes a slot).</summary>
    internal void CountPortfolioSent() => Interlocked.Increment(ref _portfoliosSent);

    /// <summary>One order change is being sent (the send loop's, as it writes it).</summary>
    internal void TakeOrder()
    {
        Interlocked.Decrement(ref _pendingOrders);
        Interlocked.Increment(ref _ordersSent);
    }

    internal void Reply(ControlMessage reply)
    {
        if (Interlocked.Increment(ref _pendingReplies) > MaxPendingReplies)
        {
            Disconnect(WebSocketCloseStatus.PolicyViolation, "too many unanswered commands: read the replies");
            return;
        }

        _outbound.Writer.TryWrite(reply);
    }

    internal bool TryGetSubscription(string symbol, out ClientSubscription? subscription) => _subscriptions.TryGetValue(symbol, out subscription);

    internal void AddSubscription(ClientSubscription subscription)
    {
        _subscriptions[subscription.Stream.Symbol] = subscription;
        Volatile.Write(ref _subscriptionSnapshot, [.. _subscriptions.Values]);
    }

    internal ClientSubscription? RemoveSubscription(string symbol)
    {
        if (!_subscriptions.Remove(symbol, out var subscription))
        {
            return null;
        }

        Volatile.Write(ref _subscriptionSnapshot, [.. _subscriptions.Values]);
        return subscription;
    }

    internal ClientSubscription[] RemoveAllSubscriptions()
    {
        ClientSubscription[] all = [.. _subscriptions.Values];
        _subscriptions.Clear();
        Volatile.Write(ref _subscriptionSnapshot, []);
        return all;
    }

    private async Task<string> ReceiveLoopAsync(CancellationToken aborted)
    {
        var buffer = new byte[_options.MaxClientMessageBytes];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                if (count == buffer.Length)
                {
                    // Too long: read on (discarding) so the client's close can still arrive.
                    _hub.Statistics.CountBadClientMessage();
                    Disconnect(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {buffer.Length} bytes");
                    count = 0;
                }

                received = await _socket.ReceiveAsync(buffer.AsMemory(count), aborted).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return "client closed (" + (_socket.CloseStatus?.ToString() ?? "no status") + ")";
                }

                count += received.Count;
            }
            while (!received.EndOfMessage);

            if (CloseReason is not null || !TakeCommand())
            {
                continue;
            }

            if (received.MessageType != WebSocketMessageType.Text)
            {
                _hub.Statistics.CountBadClientMessage();
                Reply(StreamReplies.Error("send text messages (JSON)"));
                continue;
            }

            if (!StreamCommand.TryParse(buffer.AsMemory(0, count), out var command, out var error))
            {
                _hub.Statistics.CountBadClientMessage();
                Reply(StreamReplies.Error(error));
                continue;
            }

            await _hub.HandleAsync(this, command, aborted).ConfigureAwait(false);
        }
    }

    // Every message counts against the rate. One over it is refused with the limit named; too many of those end the stream.
    private bool TakeCommand()
    {
        if (_commands.TryTake(out var wasFull))
        {
            if (wasFull)
            {
                _refusedCommands = 0;
            }

            return true;
        }

        _hub.Statistics.CountCommandRefused();
        if (++_refusedCommands < _options.MaxRefusedCommands)
        {
            Reply(StreamReplies.Error(
                $"too many commands: at most {_options.MaxCommandsPerSecond} per second, bursts of {_options.CommandBurst}; this one was ignored"));
            return false;
        }

        var reason = $"too many commands: over {_options.MaxCommandsPerSecond} per second, {_refusedCommands} refused";
        if (Disconnect(WebSocketCloseStatus.PolicyViolation, reason))
        {
            _hub.Statistics.CountClientClosedCommandRate();
            GatewayLog.StreamClientCommandFlood(_logger, Id, User, reason, _refusedCommands);
        }

        return false;
    }

    // The expiry timer's callback: set again while the token has time left, else the stream ends with it.
    private void OnExpiryDue()
    {
        var left = _closeForExpiryAt!.Value - _time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            Volatile.Read(ref _expiryTimer)?.Change(left < MaxTimerDue ? left : MaxTimerDue, Timeout.InfiniteTimeSpan);
            return;
        }

        if (Disconnect(WebSocketCloseStatus.PolicyViolation, "token expired: connect again with a new token"))
        {
            _hub.Statistics.CountClientClosedTokenExpired();
            GatewayLog.StreamClientTokenExpired(_logger, Id, User, TokenExpiresAt ?? _closeForExpiryAt.Value);
        }
    }

    private ValueTask SendReplyAsync(ControlMessage reply, ArrayBufferWriter<byte> message)
    {
        Interlocked.Decrement(ref _pendingReplies);
        message.ResetWrittenCount();
        reply.TryWrite(message, _time.GetUtcNow());
        return SendAsync(message);
    }

    // A portfolio (empty when a newer one was sent already) or an order change.
    private ValueTask SendAccountMessageAsync(IOutboundMessage next, ArrayBufferWriter<byte> message)
    {
        message.ResetWrittenCount();
        return next.TryWrite(message, _time.GetUtcNow()) ? SendAsync(message) : ValueTask.CompletedTask;
    }

    /// <summary>
    /// Sends one message, noting whether the socket took it at once or the send waited for it to drain
    /// (<see cref="_lastSendAtOnce"/>) and how long it took (<see cref="_lastSendTook"/>), before it stops counting as sending.
    /// </summary>
    private async ValueTask SendAsync(ArrayBufferWriter<byte> message)
    {
        var since = _time.GetTimestamp();
        Volatile.Write(ref _sendingSince, since);
        var send = _socket.SendAsync(message.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        _lastSendAtOnce = send.IsCompleted;
        await send.ConfigureAwait(false);
        _lastSendTook = _time.GetElapsedTime(since);
        Volatile.Write(ref _sendingSince, 0);
    }

    private async Task SendLoopAsync()
    {
        var reader = _outbound.Reader;
        var message = new ArrayBufferWriter<byte>(4096);
        var behind = false;
        try
        {
            while (CloseReason is null && await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (CloseReason is null && reader.TryRead(out var next))
                {
                    if (next is ControlMessage reply)
                    {
                        await SendReplyAsync(reply, message).ConfigureAwait(false);
                        continue;
                    }

                    if (next is not PriceBatch)
                    {
                        await SendAccountMessageAsync(next, message).ConfigureAwait(false);
                        continue;
                    }

                    // A price woke an idle client. With any spacing, it stays active while its symbols keep changing: at
                    // each gap or slot it reads their latest prices itself, so busy symbols wake no one; it arms them only
                    // when it finds nothing new. Without one, every message is armed and the next waits for a wake.
                    var active = _pacer.KeepsReading;
                    while (CloseReason is null)
                    {
                        // Waited here, not in a method of its own: this loop's state machine is the only one.
                        // Behind: its last send took long, or order changes queue up behind the prices.
                        var wait = _pacer.NextWait(behind || Volatile.Read(ref _pendingOrders) > 0);
                        if (wait > TimeSpan.Zero)
                        {
                            await _slotTimer.WaitAsync(wait).ConfigureAwait(false);
                        }

                        // Replies queued meanwhile go first: a subscription's reply comes before its prices. So do portfolio and
                        // order messages, in their order; the batch itself is being written now.
                        while (CloseReason is null && reader.TryRead(out var queued))
                        {
                            if (queued is ControlMessage queuedReply)
                            {
                                await SendReplyAsync(queuedReply, message).ConfigureAwait(false);
                            }
                            else if (queued is not PriceBatch)
                            {
                                await SendAccountMessageAsync(queued, message).ConfigureAwait(false);
                            }
                        }

                        message.ResetWrittenCount();
                        var now = _time.GetUtcNow();
                        if (CloseReason is not null || !(_batch.TryWrite(message, now, arm: !active) || (active && _batch.TryWrite(message, now, arm: true))))
                        {
                            break;
                        }

                        Interlocked.Increment(ref wait > TimeSpan.Zero ? ref _messagesCoalesced : ref _messagesAtOnce);
                        await SendAsync(message).ConfigureAwait(false);
                        behind = _pacer.Sent(_lastSendTook, _lastSendAtOnce);

                        // Recorded once the socket took it: only what the client was actually sent.
                        Shown?.Sent(now);
                        if (!active)
                        {
                            break;
                        }
                    }
                }
            }

            // The one writer closes: after a client's close, or with the gateway's reason.
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)_closeStatus, CloseReason ?? "closing", CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone (or was cut after the close timeout); the receive loop ends too.
            _socket.Abort();
        }
    }
}
