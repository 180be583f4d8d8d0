using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>
/// A market service stand-in on 127.0.0.1 port 0 that answers what a gateway calls (readiness, <c>/health</c>, an
/// order's placement) with its own name, or 503 for orders when told; it records each order's Idempotency-Key. Told to
/// drop, it reads each request whole and closes its connection without an answer, as a market service killed mid-request.
/// </summary>
internal sealed class MarketStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private MarketStandIn(string name, WebApplication app, ConcurrentQueue<string> keys, ConcurrentQueue<string> dropped)
    {
        Name = name;
        _app = app;
        OrderKeys = keys;
        DroppedOrderKeys = dropped;
        Url = app.Urls.First();
    }

    public string Name { get; }

    public string Url { get; }

    /// <summary>Idempotency-Key of every order placed here, in order.</summary>
    public ConcurrentQueue<string> OrderKeys { get; }

    /// <summary>Idempotency-Key of every order placement received whole and dropped without an answer (<see cref="Dropping"/>).</summary>
    public ConcurrentQueue<string> DroppedOrderKeys { get; }

    /// <summary>When set, order placements are answered 503 STORE_UNAVAILABLE (as a market service whose store is failing over).</summary>
    public bool StoreUnavailable { get; set; }

    /// <summary>When set, <c>/health</c> is answered 503 (as a market service stopping, or not yet ready).</summary>
    public bool Unavailable { get; set; }

    /// <summary>When set, every request is read whole and its connection closed abruptly, with no answer.</summary>
    public bool Dropping { get; set; }

    public static async Task<MarketStandIn> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var keys = new ConcurrentQueue<string>();
        var dropped = new ConcurrentQueue<string>();
        MarketStandIn? self = null;
        app.Use(async (context, next) =>
        {
            if (!self!.Dropping)
            {
                await next(context);
                return;
            }

            await context.Request.Body.CopyToAsync(Stream.Null);
            if (HttpMethods.IsPost(context.Request.Method))
            {
                dropped.Enqueue(context.Request.Headers["Idempotency-Key"].ToString());
            }

            context.Abort();
        });
        app.MapGet("/health/ready", () => Results.Json(new { ready = true, checks = new { }, served_by = name }));
        app.MapGet("/health", () => self!.Unavailable
            ? Results.Json(new { status = "stopping", served_by = name }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new { status = "ok", served_by = name }));
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
        self = new MarketStandIn(name, app, keys, dropped);
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
