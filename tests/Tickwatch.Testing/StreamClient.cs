using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tickwatch.Testing;

/// <summary>A client of the gateway's live price stream over a real WebSocket, optionally with a small socket receive buffer (a slow client).</summary>
/// <remarks>
/// <see cref="ReceiveAsync"/> hands out one price at a time: the elements of each <c>{"type":"prices","prices":[…]}</c>
/// message in order, then the next message. <see cref="ReceiveMessageAsync"/> reads whole messages as the gateway sent them.
/// </remarks>
public sealed class StreamClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Queue<JsonObject> _unpacked = new();

    private StreamClient(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    public WebSocketState State => _socket.State;

    /// <summary>The gateway's close code, once it closed the stream.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>The gateway's reason, once it closed the stream.</summary>
    public string? CloseReason => _socket.CloseStatusDescription;

    /// <summary>Connects; <paramref name="receiveBufferBytes"/> sets the kernel's receive buffer before connecting.</summary>
    public static async Task<StreamClient> ConnectAsync(Uri uri, int? receiveBufferBytes = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (receiveBufferBytes is { } bytes)
                {
                    socket.ReceiveBufferSize = bytes;
                }

                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var client = new ClientWebSocket();
        client.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
            await client.ConnectAsync(uri, invoker, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            invoker.Dispose();
            throw;
        }

        return new StreamClient(client, invoker);
    }

    /// <summary>Cuts the connection without a close, as a client that crashes or loses its network does.</summary>
    public void Abort() => _socket.Abort();

    public Task SubscribeAsync(params string[] symbols) => SendAsync(new { type = "subscribe", symbols });

    public Task UnsubscribeAsync(params string[] symbols) => SendAsync(new { type = "unsubscribe", symbols });

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token).ConfigureAwait(false);
    }

    public async Task SendBinaryAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Messages of prices received so far (each with one or more prices).</summary>
    public int PriceMessagesReceived { get; private set; }

    /// <summary>The next price or reply (prices unpacked from their message), or null once the gateway has closed the stream; fails after <paramref name="timeout"/>.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? timeout = null)
    {
        if (_unpacked.TryDequeue(out var waiting))
        {
            return waiting;
        }

        var message = await ReceiveMessageAsync(timeout).ConfigureAwait(false);
        if (message is null || message["type"]?.GetValue<string>() != "prices")
        {
            return message;
        }

        PriceMessagesReceived++;
        var prices = message["prices"]!.AsArray();
        foreach (var price in prices.ToList())
        {
            prices.Remove(price);
            _unpacked.Enqueue(price!.AsObject());
        }

        return _unpacked.Count > 0 ? _unpacked.Dequeue() : throw new Xunit.Sdk.XunitException("The gateway sent a message of prices with no price in it.");
    }

    /// <summary>The next whole message as sent, or null once the gateway has closed the stream; fails after <paramref name="timeout"/>.</summary>
    public async Task<JsonObject?> ReceiveMessageAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(_buffer.AsMemory(count), deadline.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // A well-behaved client answers the gateway's close, which ends the connection at once.
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", deadline.Token).ConfigureAwait(false);
                }

                return null;
            }

            count += result.Count;
        }
        while (!result.EndOfMessage);

        return JsonNode.Parse(_buffer.AsSpan(0, count))!.AsObject();
    }

    /// <summary>Reads messages until one satisfies <paramref name="condition"/>, handing each to <paramref name="seen"/>; fails on close or timeout.</summary>
    public async Task<JsonObject> ReceiveUntilAsync(Func<JsonObject, bool> condition, string what, Action<JsonObject>? seen = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Eventually.DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = limit - Stopwatch.GetElapsedTime(started);
            JsonObject? message;
            try
            {
                message = await ReceiveAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {limit.TotalSeconds:0.#} s waiting for a stream message: {what}.");
            }

            if (message is null)
            {
                throw new Xunit.Sdk.XunitException($"The gateway closed the stream ({CloseStatus}: {CloseReason}) while waiting for {what}.");
            }

            seen?.Invoke(message);
            if (condition(message))
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Gone already.
            }
        }

        _socket.Dispose();
        _invoker.Dispose();
    }
}
