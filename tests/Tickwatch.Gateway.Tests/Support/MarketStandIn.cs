using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>
/// A market service stand-in on 127.0.0.1 port 0 that answers what a gateway calls (readiness, <c>/health</c>, an
/// order's placement) with its own name, or 503 for orders when told; it records each order's Idempotency-Key.
/// </summary>
internal sealed class MarketStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private MarketStandIn(string name, WebApplication app, ConcurrentQueue<string> keys)
    {
        Name = name;
        _app = app;
        OrderKeys = keys;
        Url = app.Urls.First();
    }

    public string Name { get; }

    public string Url { get; }

    /// <summary>Idempotency-Key of every order placed here, in order.</summary>
    public ConcurrentQueue<string> OrderKeys { get; }

    /// <summary>When set, order placements are answered 503 STORE_UNAVAILABLE (as a market service whose store is failing over).</summary>
    public bool StoreUnavailable { get; set; }

    public static async Task<MarketStandIn> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var keys = new ConcurrentQueue<string>();
        MarketStandIn? self = null;
        app.MapGet("/health/ready", () => Results.Json(new { ready = true, checks = new { }, served_by = name }));
        app.MapGet("/health", () => Results.Json(new { status = "ok", served_by = name }));
        app.MapPost("/api/trading/accounts/{account}/orders", (HttpContext context, string account) =>
        {
            if (self!.StoreUnavailable)
            {
                return Results.Problem("store unavailable", statusCode: StatusCodes.Status503ServiceUnavailable, title: "STORE_UNAVAILABLE");
            }

            keys.Enqueue(context.Request.Headers["Idempotency-Key"].ToString());
            return Results.Json(new { order_id = "o-" + name, account, served_by = name }, statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync();
        self = new MarketStandIn(name, app, keys);
        return self;
    }

    /// <summary>Stops it: its port refuses connections from now on.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
