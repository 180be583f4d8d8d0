using Microsoft.Extensions.Logging;
using Tickwatch.Hosting.Correlation;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Hosting;

/// <summary>
/// The market service's request line and correlation id: the caller's id echoed and logged, a malformed one replaced,
/// operators' calls at Information and what is polled at Debug.
/// </summary>
public sealed class RequestLoggingTests : IAsyncLifetime
{
    private const int RequestEvent = 5000;

    private MarketHost _market = null!;

    public async Task InitializeAsync() => _market = await MarketHost.StartAsync();

    public async Task DisposeAsync() => await _market.DisposeAsync();

    [Fact]
    public async Task A_well_formed_id_is_echoed_and_ends_the_request_line()
    {
        var id = await GetAsync("/api/debug/websocket", "gw-7f3a.websocket_1");

        Assert.Equal("gw-7f3a.websocket_1", id);
        var line = await RequestLineAsync(id);
        Assert.StartsWith("HTTP GET /api/debug/websocket -> 200 in ", line.Message, StringComparison.Ordinal);
        Assert.EndsWith(" ms [gw-7f3a.websocket_1]", line.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, line.Level);
    }

    [Fact]
    public async Task A_malformed_or_missing_id_is_replaced_by_a_new_one()
    {
        // The rule: up to 64 letters, digits, '-', '_' or '.'.
        foreach (var presented in new[] { "spaces are not allowed", "semi;colon", "a/b", "", new string('a', 65) })
        {
            var id = await GetAsync("/api/debug/websocket", presented);

            Assert.Matches("^[0-9a-f]{32}$", id);
            Assert.EndsWith($"[{id}]", (await RequestLineAsync(id)).Message, StringComparison.Ordinal);
        }

        Assert.Equal(new string('a', 64), await GetAsync("/api/debug/websocket", new string('a', 64)));
    }

    [Fact]
    public async Task Operators_calls_are_logged_at_information_and_polling_at_debug()
    {
        var expected = new Dictionary<string, LogLevel>
        {
            ["/health"] = LogLevel.Debug,
            ["/health/ready"] = LogLevel.Debug,
            ["/metrics"] = LogLevel.Debug,
            ["/api/debug/dashboard"] = LogLevel.Debug,
            ["/"] = LogLevel.Debug,
            ["/api/debug/market-data"] = LogLevel.Information,
            ["/api/debug/no-such-route"] = LogLevel.Information,
        };
        var n = 0;
        foreach (var (path, level) in expected)
        {
            var id = await GetAsync(path, $"level-check-{++n}");

            Assert.True(level == (await RequestLineAsync(id)).Level, $"{path} is logged at {level}");
        }
    }

    [Fact]
    public async Task No_logged_line_shows_a_query_value()
    {
        var id = await GetAsync("/api/debug/websocket?access_token=jwt-sekrit-value&apikey=k3y-value&x", "query-check");

        var line = await RequestLineAsync(id);
        Assert.StartsWith("HTTP GET /api/debug/websocket -> 200 in ", line.Message, StringComparison.Ordinal);
        var everything = _market.Logs.ToString();
        Assert.DoesNotContain("jwt-sekrit-value", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y-value", everything, StringComparison.Ordinal);
    }

    /// <summary>GETs <paramref name="path"/> presenting <paramref name="correlationId"/>; returns the id the response carries.</summary>
    private async Task<string> GetAsync(string path, string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation(RequestCorrelation.HeaderName, correlationId);
        using var response = await _market.Http.SendAsync(request);
        return Assert.Single(response.Headers.GetValues(RequestCorrelation.HeaderName));
    }

    private async Task<LogEntry> RequestLineAsync(string id)
    {
        // Written once the response has gone: the client may read it first.
        LogEntry? found = null;
        await Eventually.UntilAsync(
            () => (found = _market.Logs.Entries.LastOrDefault(e => e.EventId.Id == RequestEvent && e.Message.EndsWith($"[{id}]", StringComparison.Ordinal))) is not null,
            $"the request line of [{id}]");
        Assert.Equal(typeof(RequestLoggingMiddleware).FullName, found!.Category);
        return found;
    }
}
