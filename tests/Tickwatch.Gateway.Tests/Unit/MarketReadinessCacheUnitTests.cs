using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Gateway.MarketService;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>The gateway's readiness cache with fake time, and what anonymous callers and operators see of it.</summary>
public sealed class MarketReadinessCacheUnitTests
{
    private const string NotReady = """
        {"status":"not_ready","ready":false,"timestamp":"2026-01-05T10:00:00+00:00","failing_checks":["store"],
         "checks":{"store":{"status":"unhealthy","description":"Redis cluster is not responding: Redis Cluster at 10.0.0.5:7001,10.0.0.6:7002 is unreachable: SocketFailure","duration_ms":2.1,"error":"It was not possible to connect","data":{"kind":"redis_cluster","reachable":false}},
                   "feeds":{"status":"healthy","description":"2 of 2 running","data":{}}}}
        """;

    private static readonly MarketServiceProbe Ready = new(MarketProbeOutcome.Answered, 200, TimeSpan.FromMilliseconds(3), JsonNode.Parse("""{"status":"ready","ready":true,"failing_checks":[],"checks":{}}"""), null);

    [Fact]
    public async Task A_flood_of_probes_costs_the_market_service_one_call_until_the_answer_is_a_second_old()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var cache = new MarketReadinessCache((_, _) => { Interlocked.Increment(ref calls); return Task.FromResult(Ready); }, time, TimeSpan.FromSeconds(1));

        var first = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => cache.GetAsync("c" + i, default)));
        time.Advance(TimeSpan.FromMilliseconds(999));
        var still = await cache.GetAsync("later", default);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var renewed = await cache.GetAsync("renewed", default);

        Assert.All(first, p => Assert.Same(Ready, p));
        Assert.Same(Ready, still);
        Assert.Same(Ready, renewed);
        Assert.Equal(2, calls);
        Assert.Equal(2, cache.Calls);
    }

    [Fact]
    public async Task Callers_that_come_while_the_market_service_is_asked_share_that_one_call_and_its_correlation_id()
    {
        var time = new FakeTimeProvider();
        var answer = new TaskCompletionSource<MarketServiceProbe>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ids = new List<string>();
        var cache = new MarketReadinessCache((id, _) => { lock (ids) { ids.Add(id); } return answer.Task; }, time, TimeSpan.FromSeconds(1));

        var waiting = Enumerable.Range(0, 20).Select(i => cache.GetAsync("caller-" + i, default)).ToArray();
        using var leaves = new CancellationTokenSource();
        var leaving = cache.GetAsync("leaves", leaves.Token);
        await leaves.CancelAsync();
        answer.SetResult(Ready);

        Assert.All(await Task.WhenAll(waiting), p => Assert.Same(Ready, p));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.Equal(["caller-0"], ids);
    }

    [Fact]
    public async Task A_market_service_that_is_down_is_cached_too()
    {
        var time = new FakeTimeProvider();
        var down = new MarketServiceProbe(MarketProbeOutcome.Unreachable, null, TimeSpan.FromMilliseconds(1), null, "cannot connect: Connection refused (127.0.0.1:8000)");
        var calls = 0;
        var cache = new MarketReadinessCache((_, _) => { calls++; return Task.FromResult(down); }, time, TimeSpan.FromSeconds(1));

        for (var i = 0; i < 10; i++)
        {
            Assert.Same(down, await cache.GetAsync("c", default));
            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(1, calls);
    }

    [Fact]
    public void An_anonymous_caller_sees_the_status_and_the_failing_check_names_only()
    {
        var probe = new MarketServiceProbe(MarketProbeOutcome.Answered, 503, TimeSpan.FromMilliseconds(2), JsonNode.Parse(NotReady), null);

        var (status, body) = MarketReadinessView.For(probe, isOperator: false);

        Assert.Equal(503, status);
        Assert.Equal("""{"status":"not_ready","ready":false,"failing_checks":["store"]}""", body.ToJsonString());
    }

    [Fact]
    public void An_operator_sees_the_whole_report_with_the_seed_list_and_the_error()
    {
        var probe = new MarketServiceProbe(MarketProbeOutcome.Answered, 503, TimeSpan.FromMilliseconds(2), JsonNode.Parse(NotReady), null);

        var (status, body) = MarketReadinessView.For(probe, isOperator: true);

        Assert.Equal(503, status);
        Assert.Contains("10.0.0.5:7001,10.0.0.6:7002", body["checks"]!["store"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("It was not possible to connect", body["checks"]!["store"]!["error"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(NotReady), body));
    }

    [Fact]
    public void A_market_service_that_did_not_answer_is_unreachable_for_everyone_and_only_operators_learn_why()
    {
        var down = new MarketServiceProbe(MarketProbeOutcome.Unreachable, null, TimeSpan.FromMilliseconds(1), null, "cannot connect: Connection refused (10.0.0.9:8000)");

        var anonymous = MarketReadinessView.For(down, isOperator: false);
        var operatorView = MarketReadinessView.For(down, isOperator: true);

        Assert.Equal((503, """{"status":"unreachable","ready":false,"failing_checks":[]}"""), (anonymous.StatusCode, anonymous.Body.ToJsonString()));
        Assert.Equal("cannot connect: Connection refused (10.0.0.9:8000)", operatorView.Body["error"]!.GetValue<string>());
    }

    [Fact]
    public void A_ready_market_service_answers_200()
    {
        Assert.Equal(200, MarketReadinessView.For(Ready, isOperator: false).StatusCode);
    }
}
