using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>The server side of one listener connection: push frames, close, abort, or simply stop sending (stall).</summary>
internal sealed class TestFeedConnection
{
    private readonly HttpContext _context;
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestFeedConnection(int number, HttpContext context, WebSocket socket)
    {
        Number = number;
        _context = context;
        _socket = socket;
        Token = context.Request.Query.TryGetValue("token", out var token) ? token.ToString() : null;
        QueryString = context.Request.QueryString.Value ?? "";
        ApiKey = context.Request.Headers.TryGetValue("X-MBX-APIKEY", out var key) ? key.ToString() : null;
    }

    public int Number { get; }

    /// <summary>The <c>token</c> query parameter the client sent, unescaped.</summary>
    public string? Token { get; }

    public string QueryString { get; }

    /// <summary>The <c>X-MBX-APIKEY</c> header of the upgrade request, if the client sent one.</summary>
    public string? ApiKey { get; }

    public bool Greeted { get; internal set; }

    /// <summary>Completes when the connection is over, closed or aborted by either side.</summary>
    public Task Ended => _ended.Task;

    /// <summary>The status of the close frame the client sent, if it closed gracefully.</summary>
    public WebSocketCloseStatus? ClientCloseStatus { get; private set; }

    public string? ClientCloseDescription { get; private set; }

    public Task SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true);

    public Task SendBinaryAsync(byte[] payload) => SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true);

    /// <summary>Sends one message split into WebSocket fragments.</summary>
    public async Task SendFragmentsAsync(WebSocketMessageType type, params string[] fragments)
    {
        for (var i = 0; i < fragments.Length; i++)
        {
            await SendAsync(Encoding.UTF8.GetBytes(fragments[i]), type, endOfMessage: i == fragments.Length - 1);
        }
    }

    public async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync(status, description, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close handshake.</summary>
    public void Abort()
    {
        if (!Ended.IsCompleted)
        {
            _socket.Abort();
            try
            {
                _context.Abort();
            }
            catch (ObjectDisposedException)
            {
                // The socket's abort already ended the request and Kestrel let go of its context: dropped either way.
            }
        }
    }

    /// <summary>Reads (and answers the client's close) until the connection is over; server-side pings and pongs keep working.</summary>
    public async Task RunUntilClosedAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClientCloseStatus = result.CloseStatus;
                    ClientCloseDescription = result.CloseStatusDescription;
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
                    }

                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Aborted by either side.
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    private async Task SendAsync(byte[] payload, WebSocketMessageType type, bool endOfMessage)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(payload, type, endOfMessage, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
