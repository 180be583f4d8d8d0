using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Hosting.Correlation;
using Tickwatch.Testing;

namespace Tickwatch.Hosting.Tests.Correlation;

/// <summary>The one request-logging middleware: the caller's id echoed, the time taken on the host's clock, the role's level and client.</summary>
public sealed class RequestLoggingMiddlewareUnitTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task The_line_times_the_request_on_the_hosts_clock_and_ends_with_the_callers_id()
    {
        var context = Request("/api/debug/websocket", "gw-7f3a.websocket_1");

        await Middleware(RequestLoggingPolicy.OperatorCalls, _ => _time.Advance(TimeSpan.FromMilliseconds(12.5))).InvokeAsync(context);

        Assert.Equal("gw-7f3a.websocket_1", context.Response.Headers[RequestCorrelation.HeaderName].ToString());
        var line = Assert.Single(_logs.Entries);
        Assert.Equal("HTTP GET /api/debug/websocket -> 200 in 12.5 ms [gw-7f3a.websocket_1]", line.Message);
        Assert.Equal(5000, line.EventId.Id);
        Assert.Equal(LogLevel.Information, line.Level);
    }

    [Fact]
    public async Task What_is_polled_is_logged_at_debug_and_a_role_may_name_the_client()
    {
        await Middleware(RequestLoggingPolicy.OperatorCalls, _ => { }).InvokeAsync(Request("/health", "poll-1"));
        await Middleware(new RequestLoggingPolicy { ClientOf = _ => "user:42" }, _ => { }).InvokeAsync(Request("/api/quotes/EURUSD", "client-1"));

        Assert.Equal(LogLevel.Debug, _logs.Entries[0].Level);
        Assert.Equal("HTTP GET /api/quotes/EURUSD -> 200 in 0.0 ms [client-1] user:42", _logs.Entries[1].Message);
        Assert.Equal(5002, _logs.Entries[1].EventId.Id);
    }

    [Fact]
    public async Task A_request_that_throws_is_logged_as_failed_with_its_id()
    {
        var context = Request("/api/debug/boom", "boom-1");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Middleware(RequestLoggingPolicy.OperatorCalls, _ => throw new InvalidOperationException("boom")).InvokeAsync(context));

        var line = Assert.Single(_logs.Entries);
        Assert.Equal("HTTP GET /api/debug/boom failed after 0.0 ms [boom-1]", line.Message);
        Assert.Equal(5001, line.EventId.Id);
        Assert.IsType<InvalidOperationException>(line.Exception);
    }

    private RequestLoggingMiddleware Middleware(RequestLoggingPolicy policy, Action<HttpContext> handler) =>
        new(
            context =>
            {
                handler(context);
                return Task.CompletedTask;
            },
            _logs.CreateFactory().CreateLogger<RequestLoggingMiddleware>(),
            _time,
            policy);

    private static DefaultHttpContext Request(string path, string correlationId)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.Headers[RequestCorrelation.HeaderName] = correlationId;
        return context;
    }
}
