using System.Net.WebSockets;
using System.Threading.Channels;
using Tickwatch.Testing;
using Xunit.Sdk;

namespace Tickwatch.Simulators.Tests.Support;

/// <summary>A real <see cref="ClientWebSocket"/> on a hub feed, reading every frame into a queue the test takes from.</summary>
internal sealed class FeedClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<ReceivedFrame> _frames = Channel.CreateUnbounded<ReceivedFrame>();
    private readonly Task _receiving;

    private FeedClient(ClientWebSocket socket, bool read)
    {
        _socket = socket;
        _receiving = read ? ReceiveLoopAsync() : Task.CompletedTask;
    }

    public WebSocketState State => _socket.State;

    /// <summary>True once the connection has ended, cleanly or not.</summary>
    public bool Ended => _receiving.IsCompleted && _socket.State != WebSocketState.Open;

    /// <summary>The close status the hub sent, when it closed cleanly.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>The error that ended the connection, when it did not close cleanly.</summary>
    public Exception? Failure { get; private set; }

    public int Pending => _frames.Reader.Count;

    /// <param name="uri">The hub's feed endpoint.</param>
    /// <param name="read">False for a client that never reads (a slow client).</param>
    /// <param name="apiKey">Sent as <c>X-MBX-APIKEY</c>, as a Binance SBE client does.</param>
    public static async Task<FeedClient> ConnectAsync(Uri uri, bool read = true, string? apiKey = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (apiKey is not null)
        {
            socket.Options.SetRequestHeader("X-MBX-APIKEY", apiKey);
        }

        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new FeedClient(socket, read);
    }

    /// <summary>Connects expecting a refusal; returns the HTTP status the hub answered with.</summary>
    public static async Task<int> ConnectExpectingRefusalAsync(Uri uri, string? apiKey = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (apiKey is not null)
        {
            socket.Options.SetRequestHeader("X-MBX-APIKEY", apiKey);
        }

        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, timeout.Token));
        return (int)socket.HttpStatusCode;
    }

    public async Task<ReceivedFrame> NextAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        try
        {
            return await _frames.Reader.ReadAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"No frame arrived within {(timeout ?? Eventually.DefaultTimeout).TotalSeconds:0.#} s (socket {_socket.State}).");
        }
        catch (ChannelClosedException)
        {
            throw new XunitException($"The connection ended before another frame arrived ({CloseStatus?.ToString() ?? Failure?.Message}).");
        }
    }

    public async Task<DecodedFrame> NextDecodedAsync(TimeSpan? timeout = null) => FrameDecoder.Decode(await NextAsync(timeout));

    /// <summary>Frames up to and including the first that contains <paramref name="symbol"/>.</summary>
    public async Task<DecodedFrame> NextWithAsync(string symbol)
    {
        while (true)
        {
            var frame = await NextDecodedAsync();
            if (frame.Prices.ContainsKey(symbol))
            {
                return frame;
            }
        }
    }

    /// <summary>Sends a text message (a Binance control request).</summary>
    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await _socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    public bool TryTake(out ReceivedFrame? frame) => _frames.Reader.TryRead(out frame);

    public async Task WaitEndedAsync()
    {
        await _receiving.WaitAsync(Eventually.DefaultTimeout);
        await Eventually.UntilAsync(() => _socket.State != WebSocketState.Open, "the socket is no longer open");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The hub went first.
            }
        }

        try
        {
            await _receiving.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            _socket.Abort();
        }

        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // A well-behaved client answers the hub's close.
                    CloseStatus = result.CloseStatus;
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    await _frames.Writer.WriteAsync(new ReceivedFrame(message.ToArray(), result.MessageType));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            Failure = ex;
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
