using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>
/// A real Kestrel WebSocket server on loopback that sends the queued frames, in order, to whichever connection is open.
/// After a frame that must end the connection it waits for the client to close and goes on with the next connection.
/// </summary>
public sealed class HostileFeedServer : IAsyncDisposable
{
    private static readonly TimeSpan DropTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly Channel<HostileFrame> _frames = Channel.CreateBounded<HostileFrame>(new BoundedChannelOptions(256) { SingleReader = false, SingleWriter = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private long _sent;
    private long _lost;
    private int _connections;

    private HostileFeedServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>ws://127.0.0.1:port/feed.</summary>
    public Uri Url { get; private set; } = null!;

    public long FramesSent => Interlocked.Read(ref _sent);

    /// <summary>Frames taken for a connection that failed before they were sent: a connection the listener ended unexpectedly.</summary>
    public long FramesLost => Interlocked.Read(ref _lost);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>What went wrong on the server's side (a send that failed, a drop that did not come).</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public static async Task<HostileFeedServer> StartAsync()
    {
        HostileFeedServer? server = null;
        var (app, url) = await LoopbackWebSocketHost.StartAsync(context => server!.HandleAsync(context)).ConfigureAwait(false);
        server = new HostileFeedServer(app) { Url = url };
        return server;
    }

    /// <summary>Queues a frame; waits while the queue is full (the listener sets the pace).</summary>
    public ValueTask SendAsync(HostileFrame frame, CancellationToken cancellationToken) => _frames.Writer.WriteAsync(frame, cancellationToken);

    /// <summary>True once every queued frame has been taken by a connection.</summary>
    public bool Drained => _frames.Reader.Count == 0;

    public async ValueTask DisposeAsync()
    {
        _frames.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var number = Interlocked.Increment(ref _connections);

        // Receiving all along answers the client's pings and its close.
        var closed = ReceiveUntilClosedAsync(socket);
        try
        {
            await foreach (var frame in _frames.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    var type = frame.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                    await socket.SendAsync(frame.Payload, type, endOfMessage: true, _stopping.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _sent);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
                {
                    Interlocked.Increment(ref _lost);
                    _problems.Enqueue($"connection {number}: a {frame.Kind} frame could not be sent: {ex.Message}");
                    return;
                }

                if (frame.Expected?.Fate == FrameFate.DropsConnection)
                {
                    if (await Task.WhenAny(closed, Task.Delay(DropTimeout, _stopping.Token)).ConfigureAwait(false) != closed)
                    {
                        _problems.Enqueue($"connection {number}: still open {DropTimeout.TotalSeconds} s after a {frame.Kind} frame");
                    }

                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The harness is done.
        }
    }

    private static async Task ReceiveUntilClosedAsync(WebSocket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).ConfigureAwait(false);
                    }

                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Aborted by either side.
        }
    }
}
