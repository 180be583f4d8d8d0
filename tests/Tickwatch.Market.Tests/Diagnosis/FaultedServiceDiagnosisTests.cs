using System.Text.Json.Nodes;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>The market service with its feeds pointing at a closed port and a background service that always throws: the diagnosis says which is which.</summary>
public sealed class FaultedServiceDiagnosisTests : IAsyncLifetime
{
    private MarketHost _market = null!;

    public async Task InitializeAsync() => _market = await MarketHost.StartAsync(services: s => s.AddSupervisedService(_ => TestService.Throwing("flaky")));

    public async Task DisposeAsync() => await _market.DisposeAsync();

    [Fact]
    public async Task Refused_feeds_a_faulting_service_and_its_errors_are_each_diagnosed()
    {
        var diagnosis = await Eventually.ValueAsync(
            DiagnosisAsync,
            // Until a feed's first connection has been refused, its root cause says it is still making it.
            d => Finding(d, "background_service_down") is not null && Finding(d, "recent_errors") is not null
                && Finding(d, "websocket_listener_down") is not null
                && Text(d, "websocket_listener_down", "root_cause").Split("cannot connect").Length == 3,
            "the faults are diagnosed and both feeds have been refused");

        Assert.Equal("critical", diagnosis["status"]!.GetValue<string>());
        Assert.Contains("feed 'json' cannot connect", Text(diagnosis, "websocket_listener_down", "root_cause"), StringComparison.Ordinal);
        Assert.Contains("feed 'binary' cannot connect", Text(diagnosis, "websocket_listener_down", "root_cause"), StringComparison.Ordinal);
        Assert.Contains("Test service flaky (flaky) is", Text(diagnosis, "background_service_down", "root_cause"), StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: boom", Text(diagnosis, "background_service_down", "root_cause"), StringComparison.Ordinal);
        Assert.Contains("POST /api/debug/services/flaky/restart", Text(diagnosis, "background_service_down", "action"), StringComparison.Ordinal);
        Assert.Equal("critical", Finding(diagnosis, "missing_data_symbols")!["severity"]!.GetValue<string>());
        Assert.Equal("No recent market data", Text(diagnosis, "stale_market_data", "title"));
        Assert.Contains(typeof(ServiceSupervisor).FullName!, Text(diagnosis, "recent_errors", "root_cause"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diagnosis_answers_json_under_the_operator_routes()
    {
        using var response = await _market.Http.GetAsync(new Uri("/api/debug/diagnosis", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(
            body["counts"]!["critical"]!.GetValue<int>() + body["counts"]!["warning"]!.GetValue<int>(),
            body["findings"]!.AsArray().Count);
        Assert.Equal(body["counts"]!["ok"]!.GetValue<int>(), body["passed"]!.AsArray().Count);
    }

    private async Task<JsonNode> DiagnosisAsync() =>
        JsonNode.Parse(await _market.Http.GetStringAsync(new Uri("/api/debug/diagnosis", UriKind.Relative)))!;

    private static JsonNode? Finding(JsonNode diagnosis, string id) =>
        diagnosis["findings"]!.AsArray().FirstOrDefault(f => f!["id"]!.GetValue<string>() == id);

    private static string Text(JsonNode diagnosis, string id, string field) => Finding(diagnosis, id)![field]!.GetValue<string>();
}
