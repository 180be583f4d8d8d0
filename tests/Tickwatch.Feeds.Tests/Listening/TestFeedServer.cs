using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Tickwatch.Testing;
using Tickwatch.Testing.HostileFeeds;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>A real Kestrel WebSocket server on 127.0.0.1 (port 0) that a test drives frame by frame.</summary>
internal sealed class TestFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<TestFeedConnection> _connections = [];
    private readonly Lock _lock = new();

    private TestFeedServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>ws://127.0.0.1:port/feed, without a token.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Text frames sent to every new connection as soon as it is accepted.</summary>
    public IReadOnlyList<string> Greeting { get; set; } = [];

    /// <summary>Close every connection right after its greeting, as a hub that accepts and goes away.</summary>
    public bool CloseAfterGreeting { get; set; }

    /// <summary>When set, upgrade requests are answered with this HTTP status instead of a WebSocket.</summary>
    public int? RejectWithStatus { get; set; }

    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>The connection accepted <paramref name="number"/>-th, counting from 1.</summary>
    public TestFeedConnection Connection(int number)
    {
        lock (_lock)
        {
            return _connections[number - 1];
        }
    }

    /// <summary>Starts it over plain HTTP (<c>ws://</c>), or over TLS with <paramref name="certificate"/> (<c>wss://</c>).</summary>
    public static async Task<TestFeedServer> StartAsync(X509Certificate2? certificate = null)
    {
        TestFeedServer? server = null;
        var (app, url) = await LoopbackWebSocketHost.StartAsync(context => server!.HandleAsync(context), certificate);
        server = new TestFeedServer(app) { Url = url };
        return server;
    }

    /// <summary>Waits until the <paramref name="number"/>-th connection has been accepted and greeted.</summary>
    public async Task<TestFeedConnection> WaitForConnectionAsync(int number, TimeSpan? timeout = null)
    {
        await Eventually.UntilAsync(() => ConnectionCount >= number && Connection(number).Greeted, $"connection {number} is open and greeted", timeout);
        return Connection(number);
    }

    /// <summary>Ends a stall as a hub whose publisher resumes: every open connection gets <paramref name="frames"/> now, and every new one as its greeting.</summary>
    public async Task ResumeAsync(IReadOnlyList<string> frames)
    {
        Greeting = frames;
        List<TestFeedConnection> open;
        lock (_lock)
        {
            open = [.. _connections.Where(c => c.Greeted && !c.Ended.IsCompleted)];
        }

        foreach (var connection in open)
        {
            try
            {
                foreach (var frame in frames)
                {
                    await connection.SendTextAsync(frame);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client dropped this one in the meantime; it will get the frames as a greeting when it reconnects.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<TestFeedConnection> open;
        lock (_lock)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Abort();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (RejectWithStatus is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        TestFeedConnection connection;
        lock (_lock)
        {
            connection = new TestFeedConnection(_connections.Count + 1, context, socket);
            _connections.Add(connection);
        }

        try
        {
            foreach (var frame in Greeting)
            {
                await connection.SendTextAsync(frame);
            }

            if (CloseAfterGreeting)
            {
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "go away");
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client went away before the greeting was out.
        }

        connection.Greeted = true;
        await connection.RunUntilClosedAsync();
    }
}
