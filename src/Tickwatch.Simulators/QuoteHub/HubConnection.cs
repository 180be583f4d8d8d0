using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// One client of one feed: a bounded queue of encoded frames drained by a send loop, and a receive
/// loop that consumes whatever the client sends so that pings and the close handshake are handled
/// (on a Binance feed it answers the control messages too). A Binance connection also has a lifetime:
/// <c>serverShutdown</c> goes out shortly before the hub closes it, as the venue does at 24 h.
/// </summary>
internal sealed class HubConnection
{
    // Socket housekeeping runs on real time: a fake clock in tests must not stall a close handshake.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    // The longest control message a client may send; the venue's are a few hundred bytes.
    private const int MaxControlMessageBytes = 64 * 1024;

    private readonly Channel<QueuedFrame> _queue;
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly HubFeed _feed;
    private readonly bool _dropWhenFull;
    private readonly ILogger _logger;
    private long _framesSent;
    private long _framesDropped;
    private readonly Lock _lifetime = new();
    private volatile bool _aborted;
    private bool _ended;

    public HubConnection(long id, HubFeed feed, WebSocket socket, HttpContext context, int capacity, SlowClientPolicy policy, ILogger logger, BinanceSession? session = null)
    {
        Id = id;
        Session = session;
        _logger = logger;
        _feed = feed;
        _socket = socket;
        _context = context;
        _dropWhenFull = policy == SlowClientPolicy.Drop;
        var options = new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = _dropWhenFull ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        };
        _queue = Channel.CreateBounded<QueuedFrame>(options, _dropWhenFull ? OnDropped : null);
    }

    public long Id { get; }

    /// <summary>The Binance connection's subscriptions; null on the other feeds.</summary>
    public BinanceSession? Session { get; }


    public long FramesSent => Interlocked.Read(ref _framesSent);

    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Queues a frame; under backpressure waits for room. A closed connection ignores it.</summary>
    public ValueTask EnqueueAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        var frame = new QueuedFrame(payload, type);
        if (_queue.Writer.TryWrite(frame) || _dropWhenFull)
        {
            return ValueTask.CompletedTask;
        }

        return WaitAndEnqueueAsync(frame, cancellationToken);
    }

    /// <summary>Kills the connection without a close handshake, as a network failure would.</summary>
    public void Abort()
    {
        // A drop can race the connection's own end; once the request is over its context belongs to no one.
        lock (_lifetime)
        {
            if (_ended)
            {
                return;
            }

            _aborted = true;
            _queue.Writer.TryComplete();
            _socket.Abort();
            _context.Abort();
        }
    }

    /// <summary>Called when the request handling this connection is about to return; later aborts do nothing.</summary>
    public void MarkEnded()
    {
        lock (_lifetime)
        {
            _ended = true;
        }
    }

    /// <summary>Runs until the client closes, the connection fails or is dropped, its lifetime ends, or the hub stops.</summary>
    /// <param name="stopping">The hub is stopping.</param>
    /// <param name="lifetime">True when the connection's lifetime is over (after the <c>serverShutdown</c> notice), false when it was cut short; null for none.</param>
    /// <returns>Why the connection ended, for the log.</returns>
    public async Task<string> RunAsync(CancellationToken stopping, Task<bool>? lifetime = null)
    {
        using var sendCancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var receiving = ReceiveUntilCloseAsync();
        var sending = SendLoopAsync(sendCancellation.Token);
        var first = lifetime is null ? await Task.WhenAny(receiving, sending) : await Task.WhenAny(receiving, sending, lifetime);
        _queue.Writer.TryComplete();

        if (first == lifetime && await lifetime)
        {
            // The venue's scheduled cut: what is queued (serverShutdown last) goes out, then the close handshake.
            if (!await CompletesWithinAsync(sending, CloseTimeout))
            {
                _socket.Abort();
                await sending;
                await receiving;
                return "send failed";
            }

            await TryCloseAsync("connection lifetime reached");
            if (!await CompletesWithinAsync(receiving, CloseTimeout))
            {
                _socket.Abort();
                await receiving;
            }

            return "lifetime reached";
        }

        if (first == receiving)
        {
            await sendCancellation.CancelAsync();
            if (!await CompletesWithinAsync(sending, CloseTimeout))
            {
                // The send is stuck on a client that stopped reading; only an abort frees it.
                _socket.Abort();
                await sending;
            }

            var clientClosed = await receiving;
            if (clientClosed && _socket.State == WebSocketState.CloseReceived)
            {
                await TryCloseAsync("bye");
            }

            return _aborted ? "dropped by fault" : clientClosed ? "client closed" : "connection lost";
        }

        if (_aborted || !stopping.IsCancellationRequested)
        {
            _socket.Abort();
            await receiving;
            return _aborted ? "dropped by fault" : "send failed";
        }

        // The hub is stopping: start the close handshake and give the client a moment to answer.
        await TryCloseAsync("quote hub stopping");
        if (!await CompletesWithinAsync(receiving, CloseTimeout))
        {
            _socket.Abort();
            await receiving;
        }

        return "hub stopping";
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout, TimeProvider.System);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async ValueTask WaitAndEnqueueAsync(QueuedFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(frame, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // The connection ended while the publisher waited; the frame has nowhere to go.
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var frame))
                {
                    // No token on the send: cancelling a WebSocket send aborts the socket.
                    await _socket.SendAsync(frame.Payload, frame.Type, endOfMessage: true, CancellationToken.None);
                    Interlocked.Increment(ref _framesSent);
                    _feed.CountWritten();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping, or the receive side ended first.
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The socket died under the send; the receive side reports it too.
        }
    }

    /// <returns>True when the client sent a close frame, false when the connection failed.</returns>
    private async Task<bool> ReceiveUntilCloseAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var message = Session is null ? null : new ArrayBufferWriter<byte>(512);
        var oversized = false;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return true;
                }

                if (message is null || result.MessageType != WebSocketMessageType.Text)
                {
                    continue;
                }

                // A message too long for a control request is skipped to its end, then refused.
                oversized |= message.WrittenCount + result.Count > MaxControlMessageBytes;
                if (!oversized)
                {
                    message.Write(buffer.AsSpan(0, result.Count));
                }

                if (result.EndOfMessage)
                {
                    await AnswerAsync(oversized ? "{"u8 : message.WrittenSpan);
                    message.ResetWrittenCount();
                    oversized = false;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task TryCloseAsync(string description)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout, TimeProvider.System);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, description, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // Already gone; nothing left to close.
        }
    }

    private ValueTask AnswerAsync(ReadOnlySpan<byte> request)
    {
        var (answer, method, refusal) = BinanceControl.Answer(request, Session!);
        if (refusal is not null)
        {
            _logger.ControlRequestRefused(Id, _feed.Name, method ?? "(none)", refusal);
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.ControlRequestAnswered(Id, _feed.Name, method!);
        }

        // A replay waiting for its first subscriber may begin now.
        _feed.Replay?.Wake();
        return EnqueueAsync(answer, WebSocketMessageType.Text, CancellationToken.None);
    }

    private void OnDropped(QueuedFrame frame)
    {
        Interlocked.Increment(ref _framesDropped);
        _feed.CountDropped();
    }
}
