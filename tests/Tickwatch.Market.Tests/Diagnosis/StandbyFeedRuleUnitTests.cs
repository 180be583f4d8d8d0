using Tickwatch.Market.Cluster;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>Leased mode: a feed held by another instance is "standby" (information, not a failure); a feed held by no instance is critical.</summary>
public sealed class StandbyFeedRuleUnitTests
{
    private static readonly IDiagnosisRule[] FeedRules = [new ListenerRunningRule(), new LastMessageAgeRule(), new ConnectionFailuresRule()];

    [Fact]
    public void A_standby_feed_passes_the_listener_age_and_failure_checks_naming_its_holder()
    {
        var snapshot = Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(binary: NotConnected("standby", "market-b")) };

        foreach (var rule in FeedRules)
        {
            var outcome = rule.Evaluate(snapshot);

            Assert.Null(outcome.Finding);
            Assert.Contains("(standby: feed binary held by market-b)", outcome.Passed!.Title, StringComparison.Ordinal);
            var standby = Assert.IsType<Dictionary<string, string?>>(outcome.Passed.Evidence["standby_feeds"]);
            Assert.Equal("market-b", standby["binary"]);
        }
    }

    [Fact]
    public void Failures_from_before_a_feed_went_standby_do_not_count()
    {
        var standby = NotConnected("standby", "market-b") with { ConnectionFailures = 12, ConnectionFailuresLastHour = 12 };
        var snapshot = Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(binary: standby) };
        Assert.Equal(12, snapshot.WebSocket!.ConnectionFailuresLastHour);

        var passed = new ConnectionFailuresRule().Evaluate(snapshot).Passed!;

        Assert.Equal(0.0, passed.Evidence["connection_failures_last_hour"]);
    }

    [Fact]
    public void A_feed_held_by_no_instance_is_critical_in_every_feed_rule()
    {
        var snapshot = Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(binary: NotConnected("unheld", null)) };

        foreach (var rule in FeedRules)
        {
            var finding = rule.Finding(snapshot)!;

            Assert.Equal(Severity.Critical, finding.Severity);
            Assert.Contains("feed 'binary' is held by no instance", finding.RootCause, StringComparison.Ordinal);
            Assert.Contains("Cluster:Mode=Leased", finding.Action, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void In_single_mode_a_feed_not_connected_is_still_down()
    {
        var down = NotConnected(FeedRole.WriterName, null);
        var snapshot = Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(binary: down) };

        var finding = new ListenerRunningRule().Finding(snapshot)!;

        Assert.Equal("writer", Snapshots.Feed().Role);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("feed 'binary' is still making its first connection", finding.RootCause, StringComparison.Ordinal);
        Assert.DoesNotContain("standby", finding.RootCause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_standby_instance_diagnoses_ok_when_everything_else_is_healthy()
    {
        var snapshot = Snapshots.Healthy() with { WebSocket = Snapshots.WebSocket(binary: NotConnected("standby", "market-b")) };

        var report = new DiagnosisEngine(DiagnosisEngine.StandardRules).Evaluate(snapshot);

        Assert.Equal(Severity.Ok, report.Status);
        Assert.Empty(report.Findings);
    }

    // A feed this instance does not connect: never opened a socket, never received a message.
    private static FeedSummary NotConnected(string role, string? heldBy) => Snapshots.Feed("protobuf") with
    {
        State = "starting",
        IsRunning = false,
        SocketOpen = false,
        Session = 0,
        LastMessageAge = null,
        MessagesReceived = 0,
        MessagesPerSecond = 0,
        Role = role,
        HeldBy = heldBy,
    };
}
