using System.Net;
using System.Security.Cryptography.X509Certificates;
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
    /// <summary>The started app, and its ws://127.0.0.1:port/feed URL (wss:// when served over TLS with <paramref name="certificate"/>).</summary>
    public static async Task<(WebApplication App, Uri Url)> StartAsync(RequestDelegate handler, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/feed", handler);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri((certificate is null ? "ws" : "wss") + address[address.IndexOf(':', StringComparison.Ordinal)..] + "/feed"));
    }
}
