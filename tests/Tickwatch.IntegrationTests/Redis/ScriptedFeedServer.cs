using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.IntegrationTests.Redis;

/// <summary>A WebSocket feed server on loopback that sends exactly the frames a test queues, on <c>/ws/{feed}</c>, to whichever connection is open.</summary>
internal sealed class ScriptedFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, Channel<(byte[] Payload, WebSocketMessageType Type)>> _frames;

    private ScriptedFeedServer(WebApplication app, Dictionary<string, Channel<(byte[] Payload, WebSocketMessageType Type)>> frames)
    {
        _app = app;
        _frames = frames;
    }

    public Uri Url(string feed) => new($"ws://{new Uri(_app.Urls.First()).Authority}/ws/{feed}");

    public static async Task<ScriptedFeedServer> StartAsync(params string[] feeds)
    {
        var frames = feeds.ToDictionary(f => f, _ => Channel.CreateUnbounded<(byte[], WebSocketMessageType)>(), StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws/{feed}", async (HttpContext context, string feed) =>
        {
            if (!context.WebSockets.IsWebSocketRequest || !frames.TryGetValue(feed, out var channel))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                await foreach (var (payload, type) in channel.Reader.ReadAllAsync(context.RequestAborted))
                {
                    await socket.SendAsync(payload, type, endOfMessage: true, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // The listener went away.
            }
        });
        await app.StartAsync();
        return new ScriptedFeedServer(app, frames);
    }

    public ValueTask SendAsync(string feed, byte[] payload, WebSocketMessageType type) => _frames[feed].Writer.WriteAsync((payload, type));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _frames.Values)
        {
            channel.Writer.TryComplete();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
