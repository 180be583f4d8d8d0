using System.Net;
using Tickwatch.Gateway.Tests.Support;
using Tickwatch.Testing.Hosts;

namespace Tickwatch.Gateway.Tests;

/// <summary>Debug routes, the gateway's own and the market service's behind its proxy: loopback callers, or the operator token.</summary>
public sealed class OperatorAccessTests : IAsyncLifetime
{
    private const string OperatorToken = "operator-token-for-tests";

    private RunningGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await RunningGateway.StartAsync(
            new Dictionary<string, string?> { ["Operator:Token"] = OperatorToken },
            configure: SimulatedRemoteAddress.AddTo);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    public static TheoryData<string> DebugRoutes => new() { "/api/debug/python-health", "/api/debug/streams", "/api/debug/forensics/shown/live:42?symbol=EURUSD", "/market/api/debug/services" };

    [Theory]
    [MemberData(nameof(DebugRoutes))]
    public async Task A_caller_from_elsewhere_without_the_operator_token_is_refused(string path)
    {
        using var missing = await GetFromElsewhereAsync(path, null);
        using var wrong = await GetFromElsewhereAsync(path, "not-the-token");
        using var clientToken = await GetFromElsewhereAsync(path, _gateway.Token());

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, clientToken.StatusCode);
        Assert.DoesNotContain(OperatorToken, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_from_elsewhere_with_the_operator_token_gets_in()
    {
        using var response = await GetFromElsewhereAsync("/api/debug/streams", OperatorToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_loopback_caller_needs_no_token()
    {
        using var streams = await _gateway.GetAsync("/api/debug/streams");

        // Nothing listens at the configured market address: the gateway itself answers, with the reason.
        using var health = await _gateway.GetAsync("/api/debug/python-health");

        Assert.Equal(HttpStatusCode.OK, streams.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("\"success\": false", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> GetFromElsewhereAsync(string path, string? token) =>
        _gateway.GetAsync(path, token, new Dictionary<string, string> { [SimulatedRemoteAddress.Header] = SimulatedRemoteAddress.Elsewhere });
}
