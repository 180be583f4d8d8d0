using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// One live-stream client: subscribes to its symbols, reads every frame as it arrives, records each price's
/// tick-to-client latency (now minus the source's <c>received_at</c>, one machine clock) and the gateway's <c>age_ms</c>
/// (the same age when the gateway wrote the frame) while recording is on,
/// and keeps the last price of each symbol for the final check.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private const int YieldEvery = 16;

    private readonly ClientWebSocket _socket = new();
    private readonly string[] _symbols;
    private readonly byte[][] _symbolBytes;
    private readonly Lock _lastGate = new();
    private readonly long[] _lastSequence;
    private readonly byte[][] _lastFrame;
    private readonly int[] _lastLength;
    private readonly LatencyHistogram _latency;
    private readonly LatencyHistogram _ageAtSend;
    private readonly BenchCounters _counters;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _buffer = new byte[4096];
    private int _sinceYield;

    public BenchClient(string[] symbols, LatencyHistogram latency, LatencyHistogram ageAtSend, BenchCounters counters)
    {
        _symbols = symbols;
        _symbolBytes = [.. symbols.Select(Encoding.UTF8.GetBytes)];
        _lastSequence = new long[symbols.Length];
        _lastFrame = [.. symbols.Select(_ => new byte[512])];
        _lastLength = new int[symbols.Length];
        _latency = latency;
        _ageAtSend = ageAtSend;
        _counters = counters;
    }

    public Task Subscribed => _subscribed.Task;

    /// <summary>Why the stream ended, if it did before the harness closed it.</summary>
    public string? EndedBecause { get; private set; }

    public IReadOnlyList<string> Symbols => _symbols;

    /// <summary>The last sequence, bid and ask received for the symbol at <paramref name="index"/> (sequence 0: none).</summary>
    public (long Sequence, decimal Bid, decimal Ask) Last(int index)
    {
        lock (_lastGate)
        {
            return _lastLength[index] == 0 ? (0, 0, 0) : PriceFrameScanner.Price(_lastFrame[index].AsSpan(0, _lastLength[index]));
        }
    }

    public async Task ConnectAsync(Uri stream, string token, HttpMessageInvoker invoker, CancellationToken cancellationToken)
    {
        _socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(stream, invoker, cancellationToken).ConfigureAwait(false);
        var subscribe = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["type"] = "subscribe", ["symbols"] = _symbols });
        await _socket.SendAsync(subscribe, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
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
                        throw new InvalidOperationException("A stream message longer than the client's buffer.");
                    }

                    result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        EndedBecause = $"gateway closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}";
                        _counters.CountEnded();
                        return;
                    }

                    count += result.Count;
                }
                while (!result.EndOfMessage);

                // The clock is read as soon as the message is complete: the client's receipt.
                OnMessage(_buffer.AsSpan(0, count), DateTimeOffset.UtcNow);

                // While frames are buffered every receive completes at once, and this loop would keep its thread pool
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
            EndedBecause = "connection lost: " + ex.Message;
            _counters.CountEnded();
        }
    }

    public async ValueTask DisposeAsync()
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

    private void OnMessage(ReadOnlySpan<byte> message, DateTimeOffset receivedNow)
    {
        if (!PriceFrameScanner.TryScan(message, out var name, out var sequence, out var receivedAt, out var ageMs) || IndexOf(name) is var symbol && symbol < 0)
        {
            if (message.IndexOf("\"type\":\"subscribed\""u8) >= 0)
            {
                _subscribed.TrySetResult();
            }
            else
            {
                _counters.CountOtherMessage();
            }

            return;
        }

        lock (_lastGate)
        {
            if (sequence <= _lastSequence[symbol])
            {
                // Never an older price after a newer one, nor the same one twice.
                _counters.CountNotNewer();
            }

            // Only the last message of each symbol is kept whole, for the final check; its price is parsed then.
            _lastSequence[symbol] = sequence;
            if (_lastFrame[symbol].Length < message.Length)
            {
                _lastFrame[symbol] = new byte[message.Length * 2];
            }

            message.CopyTo(_lastFrame[symbol]);
            _lastLength[symbol] = message.Length;
        }

        if (_counters.Recording)
        {
            _latency.Record(receivedNow - receivedAt);
            _ageAtSend.Record(TimeSpan.FromMilliseconds(ageMs));
            _counters.CountFrame();
        }
    }

    private int IndexOf(ReadOnlySpan<byte> symbol)
    {
        for (var i = 0; i < _symbolBytes.Length; i++)
        {
            if (symbol.SequenceEqual(_symbolBytes[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
