using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>The Redis rows of the guide: <c>"connected": false</c>, <c>"ping_success": false</c>, <c>cluster_state</c>, <c>ping_time_ms</c>.</summary>
public sealed class RedisRuleUnitTests
{
    [Fact]
    public void A_healthy_cluster_passes_every_redis_check()
    {
        var snapshot = Snapshots.Healthy();

        Assert.Null(new RedisConnectedRule().Finding(snapshot));
        Assert.Null(new RedisClusterStateRule().Finding(snapshot));
        Assert.Null(new RedisPingTimeRule().Finding(snapshot));
        Assert.Equal(true, new RedisConnectedRule().Evaluate(snapshot).Passed!.Evidence["connected"]);
    }

    [Fact]
    public void A_failed_ping_is_the_guides_redis_cluster_unreachable_and_names_the_silent_nodes()
    {
        var snapshot = Snapshots.Healthy() with { Redis = Snapshots.Redis("unreachable", pingSuccess: false, pingMs: null, "127.0.0.1:7101", "127.0.0.1:7102") };

        var finding = new RedisConnectedRule().Finding(snapshot)!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("\"ping_success\": false", finding.Symptom, StringComparison.Ordinal);
        Assert.StartsWith("Redis cluster unreachable", finding.RootCause, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:7101, 127.0.0.1:7102", finding.RootCause, StringComparison.Ordinal);
        Assert.StartsWith("Check Redis containers", finding.Action, StringComparison.Ordinal);
        Assert.Equal(false, finding.Evidence["connected"]);

        // The cluster's state cannot be read while it is unreachable: one finding, not two.
        Assert.Equal(RuleOutcome.NotApplicable, new RedisClusterStateRule().Evaluate(snapshot));
    }

    [Fact]
    public void A_failed_cluster_state_is_critical_with_the_slots_that_are_not_served()
    {
        var snapshot = Snapshots.Healthy() with { Redis = Snapshots.Redis("fail", unreachable: "127.0.0.1:7103") };

        var finding = new RedisClusterStateRule().Finding(snapshot)!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("Redis cluster unhealthy", finding.Title);
        Assert.Equal("\"cluster_state\": \"fail\" (should be \"ok\")", finding.Symptom);
        Assert.Contains("5461 failed", finding.RootCause, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:7103", finding.RootCause, StringComparison.Ordinal);
    }

    [Fact]
    public void The_in_memory_store_has_no_cluster_to_be_unhealthy()
    {
        var snapshot = Snapshots.Healthy() with { Redis = Snapshots.InMemoryStore() };

        Assert.Null(new RedisConnectedRule().Finding(snapshot));
        var state = new RedisClusterStateRule().Evaluate(snapshot);
        Assert.Null(state.Finding);
        Assert.Contains("in-memory", state.Passed!.Title, StringComparison.Ordinal);
        Assert.Equal(RuleOutcome.NotApplicable, new RedisPingTimeRule().Evaluate(snapshot));
    }

    [Theory]
    [InlineData(50.0, null)]
    [InlineData(50.1, "degradation mark of 50 ms")]
    [InlineData(99.9, "degradation mark of 50 ms")]
    [InlineData(100.0, "limit of 100 ms")]
    public void Ping_time_warns_above_the_guides_marks(double pingMs, string? expected)
    {
        var finding = new RedisPingTimeRule().Finding(Snapshots.Healthy() with { Redis = Snapshots.Redis(pingMs: pingMs) });

        if (expected is null)
        {
            Assert.Null(finding);
        }
        else
        {
            Assert.Equal(Severity.Warning, finding!.Severity);
            Assert.Contains(expected, finding.Symptom, StringComparison.Ordinal);
        }
    }
}
