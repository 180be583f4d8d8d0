using System.Net.WebSockets;

namespace Tickwatch.GatewayHarness;

/// <summary>A live-stream client on a <see cref="ClientWebSocket"/> with its own async receive loop (the harness's default client mode).</summary>
internal sealed class AsyncClient(string[] symbols, DeliveryFigures figures, bool timed, HttpMessageInvoker invoker) : BenchClient(symbols, figures, timed)
{
    private const int YieldEvery = 16;

    private readonly ClientWebSocket _socket = new();
    private byte[] _buffer = new byte[16384];
    private int _sinceYield;

    public override async Task ConnectAsync(Uri stream, string token, CancellationToken cancellationToken)
    {
        _socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(stream, invoker, cancellationToken).ConfigureAwait(false);
        await _socket.SendAsync(SubscribeCommand(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads until the stream closes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == _buffer.Length)
                    {
                        // A batch of many symbols is longer than one price; messages stay bounded by the subscription.
                        if (_buffer.Length >= MaxMessageBytes)
                        {
                            throw new InvalidOperationException($"A stream message longer than {MaxMessageBytes} bytes.");
                        }

                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }

                    result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        End($"gateway closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
                        return;
                    }

                    count += result.Count;
                }
                while (!result.EndOfMessage);

                // The clock is read as soon as the message is complete: the client's receipt.
                OnMessage(_buffer.AsSpan(0, count), DateTimeOffset.UtcNow);

                // While messages are buffered every receive completes at once, and this loop would keep its thread pool
                // thread for good: the other clients (and the harness's own HTTP calls) would wait behind it.
                if (++_sinceYield == YieldEvery)
                {
                    _sinceYield = 0;
                    await Task.Yield();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The harness is done reading.
        }
        catch (WebSocketException ex)
        {
            End("connection lost: " + ex.Message);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Gone already.
            }
        }

        _socket.Dispose();
    }
}
