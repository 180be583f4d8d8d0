using System.Net;
using System.Text.Json.Nodes;
using Tickwatch.Market.Tests.Support;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Forensics.Timeline;

/// <summary><c>/api/debug/forensics/symbols</c> on the real market service (feeds pointing nowhere): its answer's shape, bad queries, and its door.</summary>
public sealed class SymbolTimelineEndpointTests
{
    [Fact]
    public async Task Bad_queries_get_a_problem_that_says_what_is_wrong_and_are_counted()
    {
        await using var market = await MarketHost.StartAsync();

        var unknown = await ProblemAsync(market, "/api/debug/forensics/symbols/NOSUCH", HttpStatusCode.NotFound);
        var badFrom = await ProblemAsync(market, "/api/debug/forensics/symbols/EURUSD?from=yesterday", HttpStatusCode.BadRequest);
        var reversed = await ProblemAsync(market, "/api/debug/forensics/symbols/EURUSD?from=1767605400001&to=1767605400000", HttpStatusCode.BadRequest);
        var tooLong = await ProblemAsync(market, "/api/debug/forensics/symbols/EURUSD?from=2026-01-05T09:00:00Z&to=2026-01-05T09:30:00Z", HttpStatusCode.BadRequest);
        var badLimit = await ProblemAsync(market, "/api/debug/forensics/symbols/EURUSD?limit=100000", HttpStatusCode.BadRequest);

        Assert.Equal(("Unknown symbol", "'NOSUCH' is not a symbol of this market service."), ((string?)unknown["title"], (string?)unknown["detail"]));
        Assert.Equal("Bad timeline query", (string?)badFrom["title"]);
        Assert.StartsWith("from must be unix milliseconds (1767605400000) or an ISO 8601 time", (string?)badFrom["detail"], StringComparison.Ordinal);
        Assert.StartsWith("from (2026-01-05T09:30:00.0010000+00:00) must not be after to", (string?)reversed["detail"], StringComparison.Ordinal);
        Assert.Contains("is 1800 s; at most 600 s (the timeline's window)", (string?)tooLong["detail"], StringComparison.Ordinal);
        Assert.StartsWith("limit must be a whole number from 1 to 10000", (string?)badLimit["detail"], StringComparison.Ordinal);
        var summary = JsonNode.Parse(await market.Http.GetStringAsync(new Uri("/api/debug/forensics/symbols", UriKind.Relative)))!;
        Assert.Equal(5, summary["bad_queries"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_symbol_with_no_prices_yet_answers_an_empty_timeline_in_snake_case_and_the_summary_states_the_budget()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Forensics:TimelinePerSymbol"] = "1024" });

        var report = JsonNode.Parse(await market.Http.GetStringAsync(new Uri("/api/debug/forensics/symbols/eurusd?to=1767605400000", UriKind.Relative)))!;
        var summary = JsonNode.Parse(await market.Http.GetStringAsync(new Uri("/api/debug/forensics/symbols", UriKind.Relative)))!;

        Assert.Equal(
            ["symbol", "from", "to", "history_starts_at", "covers_from", "entries", "entries_omitted", "feeds", "feed_divergence", "feed_divergence_pips", "counts"],
            report.AsObject().Select(p => p.Key));
        Assert.Equal("EURUSD", (string?)report["symbol"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767605400000), report["to"]!.GetValue<DateTimeOffset>());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767605340000), report["from"]!.GetValue<DateTimeOffset>());
        Assert.False(report["covers_from"]!.GetValue<bool>());
        Assert.Empty(report["entries"]!.AsArray());
        Assert.Empty(report["feeds"]!.AsObject());
        Assert.Null(report["feed_divergence"]);
        Assert.Equal(0, report["counts"]!["feed_updates"]!.GetValue<long>());
        Assert.Equal((600.0, 1024, 128, 72), (summary["window_seconds"]!.GetValue<double>(), summary["per_symbol_cap"]!.GetValue<int>(), summary["max_symbols"]!.GetValue<int>(), summary["bytes_per_entry"]!.GetValue<int>()));
        Assert.Equal(128L * 1024 * 72, summary["budget_bytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_forwarded_caller_needs_the_operator_token_as_on_every_debug_route()
    {
        await using var market = await MarketHost.StartAsync(new Dictionary<string, string?> { ["Operator:Token"] = "operator-token-for-tests" });

        using var missing = OperatorRequest.Create(HttpMethod.Get, "/api/debug/forensics/symbols/EURUSD", headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "127.0.0.1" });
        using var granted = OperatorRequest.Create(HttpMethod.Get, "/api/debug/forensics/symbols/EURUSD", "operator-token-for-tests", new Dictionary<string, string> { ["X-Forwarded-For"] = "127.0.0.1" });
        using var refused = await market.Http.SendAsync(missing);
        using var answered = await market.Http.SendAsync(granted);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public void Bad_timeline_settings_stop_the_service_with_the_others()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => MarketHost.Build(new Dictionary<string, string?>
        {
            ["Forensics:TimelineWindow"] = "00:00:01",
            ["Forensics:TimelinePerSymbol"] = "8",
        }));

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Forensics:TimelineWindow", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Forensics:TimelinePerSymbol", StringComparison.Ordinal));
    }

    private static async Task<JsonNode> ProblemAsync(MarketHost market, string path, HttpStatusCode expected)
    {
        using var response = await market.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
