using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Simulators.Tests.Support;

using Tickwatch.Testing;

namespace Tickwatch.Simulators.Tests;

/// <summary>The control API's answers, and its RFC 7807 problems for bad requests.</summary>
public sealed class QuoteHubControlApiTests
{
    [Fact]
    public async Task Status_shows_feeds_symbols_rate_and_faults_in_snake_case()
    {
        await using var hub = await RunningHub.StartAsync();
        await hub.ConnectAsync("json");
        await hub.InjectAsync(new { kind = "freeze", feed = "binary", symbol = "EURUSD", duration_ms = 5000 });

        using var document = JsonDocument.Parse(await hub.Http.GetStringAsync("/control/status"));
        var root = document.RootElement;

        var feeds = root.GetProperty("feeds").EnumerateArray().ToList();
        Assert.Equal(["json", "binary"], feeds.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(["/ws/json", "/ws/binary"], feeds.Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(["json", "protobuf"], feeds.Select(f => f.GetProperty("protocol").GetString()));
        Assert.Equal(1, feeds[0].GetProperty("connections").GetInt32());
        Assert.Equal(0, feeds[0].GetProperty("frames_dropped").GetInt64());
        Assert.Equal(58, root.GetProperty("symbols").GetArrayLength());
        Assert.Equal(1, root.GetProperty("rate").GetProperty("multiplier").GetDouble());
        Assert.True(root.GetProperty("rate").GetProperty("target_updates_per_second").GetDouble() > 100);
        Assert.Equal("drop", root.GetProperty("slow_client_policy").GetString());
        var fault = Assert.Single(root.GetProperty("faults").EnumerateArray().ToList());
        Assert.Equal("freeze", fault.GetProperty("kind").GetString());
        Assert.InRange(fault.GetProperty("remaining_ms").GetInt64(), 1, 5000);
    }

    [Fact]
    public async Task A_fault_is_returned_with_its_id_and_listed_until_deleted()
    {
        await using var hub = await RunningHub.StartAsync();

        using var created = await hub.PostAsync("/control/faults", new { kind = "out_of_order", feed = "json", count = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var fault = (await created.Content.ReadFromJsonAsync<FaultView>(RunningHub.Json))!;
        Assert.Equal($"/control/faults/{fault.Id}", created.Headers.Location?.ToString());
        Assert.Equal(3, fault.RemainingCount);
        Assert.Equal(fault, await hub.GetAsync<FaultView>($"/control/faults/{fault.Id}"));
        Assert.Equal(fault.Id, Assert.Single(await hub.GetAsync<List<FaultView>>("/control/faults")).Id);

        using var deleted = await hub.Http.DeleteAsync($"/control/faults/{fault.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var again = await hub.Http.DeleteAsync($"/control/faults/{fault.Id}");
        await AssertProblemAsync(again, HttpStatusCode.NotFound, "not active");
        Assert.Empty(await hub.GetAsync<List<FaultView>>("/control/faults"));
    }

    [Theory]
    [InlineData("""{"kind":"meltdown"}""", "kind", "expected one of drop, stall")]
    [InlineData("""{"feed":"json"}""", "kind", "missing")]
    [InlineData("""{"kind":"stall","feed":"fix"}""", "feed", "Unknown feed 'fix'")]
    [InlineData("""{"kind":"stall","count":3}""", "count", "does not apply to stall")]
    [InlineData("""{"kind":"garbage","count":0}""", "count", "count must be")]
    [InlineData("""{"kind":"stall","duration_ms":-5}""", "duration_ms", "duration_ms must be")]
    [InlineData("""{"kind":"freeze"}""", "symbol", "freeze needs a symbol")]
    [InlineData("""{"kind":"freeze","symbol":"FOOBAR"}""", "symbol", "does not serve 'FOOBAR'")]
    [InlineData("""{"kind":"spike","symbol":"EURUSD"}""", "factor", "spike needs a factor")]
    [InlineData("""{"kind":"spike","symbol":"EURUSD","factor":-2}""", "factor", "spike needs a factor")]
    [InlineData("""{"kind":"diverge","offset":-1}""", "offset", "greater than -1")]
    [InlineData("""{"kind":"drop","symbol":"EURUSD"}""", "symbol", "does not apply to drop")]
    [InlineData("""{"kind":"stall","factor":2}""", "factor", "applies to spike")]
    public async Task A_bad_fault_request_is_a_400_naming_the_field(string body, string field, string message)
    {
        await using var hub = await RunningHub.StartAsync();

        using var response = await hub.PostRawAsync("/control/faults", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        var errors = problem.GetProperty("errors").GetProperty(field);
        Assert.Contains(message, errors[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await hub.GetAsync<List<FaultView>>("/control/faults"));
    }

    [Fact]
    public async Task Every_problem_of_a_fault_request_is_reported_at_once()
    {
        await using var hub = await RunningHub.StartAsync();

        using var response = await hub.PostRawAsync("/control/faults", """{"kind":"spike","feed":"nope","count":0}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["count", "factor", "feed", "symbol"], fields);
    }

    [Theory]
    [InlineData("/control/faults", "{\"kind\":")]
    [InlineData("/control/faults", "")]
    [InlineData("/control/faults", "null")]
    [InlineData("/control/faults", "[1,2]")]
    [InlineData("/control/faults", """{"kind":"stall","durationMs":5}""")]
    [InlineData("/control/rate", """{"multiplier":"fast"}""")]
    [InlineData("/control/prices", """{"symbol":"EURUSD","bid":true}""")]
    public async Task A_body_that_is_not_the_expected_json_is_a_400_problem(string path, string body)
    {
        await using var hub = await RunningHub.StartAsync();

        using var response = await hub.PostRawAsync(path, body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task The_rate_can_be_changed_by_multiplier_or_total()
    {
        await using var hub = await RunningHub.StartAsync();

        using var byMultiplier = await hub.PostAsync("/control/rate", new { multiplier = 2.5 });
        var rate = (await byMultiplier.Content.ReadFromJsonAsync<RateView>(RunningHub.Json))!;
        Assert.Equal(2.5, rate.Multiplier);

        using var byTotal = await hub.PostAsync("/control/rate", new { updates_per_second = 250_000 });
        rate = (await byTotal.Content.ReadFromJsonAsync<RateView>(RunningHub.Json))!;
        Assert.Equal(250_000, rate.TargetUpdatesPerSecond, 6);
        Assert.Equal(rate, (await hub.GetAsync<QuoteHubStatus>("/control/status")).Rate);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"multiplier":1,"updates_per_second":10}""")]
    [InlineData("""{"multiplier":-1}""")]
    [InlineData("""{"updates_per_second":1e12}""")]
    public async Task A_bad_rate_is_a_400_problem(string body)
    {
        await using var hub = await RunningHub.StartAsync();

        using var response = await hub.PostRawAsync("/control/rate", body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        Assert.Equal(1, hub.Engine.Rate.Multiplier);
    }

    [Theory]
    [InlineData("""{"bid":1.1,"ask":1.2}""", "symbol is required")]
    [InlineData("""{"symbol":"NOPE","bid":1.1,"ask":1.2}""", "does not serve 'NOPE'")]
    [InlineData("""{"symbol":"EURUSD"}""", "Give a bid, an ask or both")]
    [InlineData("""{"symbol":"EURUSD","bid":1.2,"ask":1.1}""", "crossed")]
    [InlineData("""{"symbol":"EURUSD","bid":0,"ask":1.1}""", "greater than zero")]
    [InlineData("""{"symbol":"EURUSD","bid":1.123456,"ask":1.2}""", "quoted to 5 decimal places")]
    public async Task A_bad_price_is_a_400_problem_saying_why(string body, string message)
    {
        await using var hub = await RunningHub.StartAsync();

        using var response = await hub.PostRawAsync("/control/prices", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, null);
        var error = problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString();
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prices_may_be_sent_as_strings()
    {
        await using var hub = await RunningHub.StartAsync();

        using var response = await hub.PostRawAsync("/control/prices", """{"symbol":"EURUSD","bid":"1.08520","ask":"1.08531"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new PriceView("EURUSD", 1.08520m, 1.08531m), await response.Content.ReadFromJsonAsync<PriceView>(RunningHub.Json));
    }

    [Fact]
    public async Task A_bad_fault_id_is_a_400_and_an_unknown_one_a_404()
    {
        await using var hub = await RunningHub.StartAsync();

        using var bad = await hub.Http.DeleteAsync("/control/faults/abc");
        using var unknown = await hub.Http.GetAsync("/control/faults/12345");

        await AssertProblemAsync(bad, HttpStatusCode.BadRequest, "not a fault id");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "not active");
    }

    [Fact]
    public async Task The_health_endpoint_reports_the_generator()
    {
        await using var hub = await RunningHub.StartAsync(o => o.GenerateTicks = true);

        await Eventually.UntilAsync(async () => (await hub.Http.GetAsync("/health")).IsSuccessStatusCode, "the hub is healthy");
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (detail is not null)
        {
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        return problem;
    }
}
