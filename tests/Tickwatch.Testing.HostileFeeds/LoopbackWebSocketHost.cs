using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>Starts a quiet Kestrel on 127.0.0.1 (port 0) that serves WebSockets at <c>/feed</c> with the given handler: the feed servers tests drive.</summary>
public static class LoopbackWebSocketHost
{
    /// <summary>The started app, and its ws://127.0.0.1:port/feed URL.</summary>
    public static async Task<(WebApplication App, Uri Url)> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/feed", handler);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri("ws" + address["http".Length..] + "/feed"));
    }
}
