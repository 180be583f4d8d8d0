using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>
/// A stand-in for the market service's health endpoint on 127.0.0.1 port 0, for what the real one cannot be made to do
/// on demand: answer a fixed report, or never answer. It records the correlation id of each call.
/// </summary>
internal sealed class MarketServiceStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MarketServiceStub(WebApplication app, ConcurrentQueue<string> correlationIds)
    {
        _app = app;
        CorrelationIds = correlationIds;
    }

    public string Url => _app.Urls.First();

    /// <summary><c>X-Correlation-Id</c> of every call received, in order.</summary>
    public ConcurrentQueue<string> CorrelationIds { get; }

    /// <summary>Answers <c>/health/ready</c> with <paramref name="status"/> and <paramref name="body"/>, or never when <paramref name="hang"/>.</summary>
    public static async Task<MarketServiceStub> StartAsync(int status, string body, bool hang = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var ids = new ConcurrentQueue<string>();
        app.MapGet("/health/ready", async (HttpContext context) =>
        {
            ids.Enqueue(context.Request.Headers["X-Correlation-Id"].ToString());
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return new MarketServiceStub(app, ids);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
