using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.AutoCutoff;

/// <summary><c>GET /api/debug/autocutoff</c> on the market service built for real (Kestrel on loopback port 0): its body, its operator-token rule, and its place in the comprehensive report.</summary>
public sealed class AutoCutoffDebugEndpointTests
{
    private const string Route = "/api/debug/autocutoff";
    private const string OperatorToken = "operator-token-for-autocutoff-tests";

    [Fact]
    public async Task The_route_shows_the_running_watcher_its_settings_mail_and_empty_lists_and_the_comprehensive_report_has_the_same()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?>
        {
            ["AutoCutoff:Owner"] = "market-under-test",
            ["AutoCutoff:LockTtl"] = "00:00:12",
            ["AutoCutoff:MarginCallInterval"] = "02:00:00",
        });

        var report = await Eventually.ValueAsync(() => GetJsonAsync(market, Route), r => r["state"]!.GetValue<string>() == "running", "the watcher runs");

        Assert.Equal("market-under-test", report["owner"]!.GetValue<string>());
        Assert.Equal(12d, report["lock_ttl_seconds"]!.GetValue<double>());
        Assert.Equal(7200d, report["margin_call_interval_seconds"]!.GetValue<double>());
        Assert.Equal(0, report["accounts_held"]!.GetValue<int>());
        Assert.Empty(report["held"]!.AsArray());
        Assert.Empty(report["stop_outs"]!.AsArray());
        Assert.Equal(0, report["locks_lost"]!.GetValue<long>());
        Assert.NotNull(report["first_close_latency"]);
        Assert.NotNull(report["decisions"]!.AsObject());
        Assert.NotNull(report["holds"]!.AsObject());
        Assert.NotNull(report["recent"]!.AsArray());
        var mail = report["mail"]!;
        Assert.Equal("folder", mail["delivery"]!.GetValue<string>());
        Assert.Equal((0L, 0L), (mail["failed"]!.GetValue<long>(), mail["dropped"]!.GetValue<long>()));

        var comprehensive = await GetJsonAsync(market, "/api/debug/comprehensive");
        var section = comprehensive["autocutoff"]!;
        Assert.Equal("running", section["state"]!.GetValue<string>());
        Assert.Equal("market-under-test", section["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_autocutoff_off_the_route_answers_disabled()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["AutoCutoff:Enabled"] = "false" });

        var report = await GetJsonAsync(market, Route);

        Assert.Equal("disabled", report["state"]!.GetValue<string>());
        Assert.Empty(report["held"]!.AsArray());
    }

    [Fact]
    public async Task From_trusted_loopback_no_token_is_needed_but_a_forwarded_request_needs_it()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Operator:Token"] = OperatorToken });

        using var local = await SendAsync(market);
        using var forwarded = await SendAsync(market, headers: new() { ["X-Forwarded-For"] = "203.0.113.9" });
        using var forwardedWithToken = await SendAsync(market, OperatorToken, new() { ["X-Forwarded-For"] = "203.0.113.9" });

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forwarded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forwardedWithToken.StatusCode);
    }

    [Fact]
    public async Task Without_loopback_trust_the_route_needs_the_operator_token()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?>
        {
            ["Operator:Token"] = OperatorToken,
            ["Operator:TrustLoopback"] = "false",
        });

        using var missing = await SendAsync(market);
        using var wrong = await SendAsync(market, "not-the-operator-token-at-all");
        using var granted = await SendAsync(market, OperatorToken);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.NotNull(JsonNode.Parse(await granted.Content.ReadAsStringAsync())!["state"]);
    }

    private static async Task<HttpResponseMessage> SendAsync(MarketHost market, string? token = null, Dictionary<string, string>? headers = null)
    {
        using var request = OperatorRequest.Create(HttpMethod.Get, Route, token, headers);
        return await market.Http.SendAsync(request);
    }

    private static async Task<JsonNode> GetJsonAsync(MarketHost market, string path)
    {
        using var response = await market.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
