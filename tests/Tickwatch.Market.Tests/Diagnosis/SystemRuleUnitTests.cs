using Microsoft.Extensions.Logging;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Diagnostics.Comprehensive;
using Tickwatch.Market.Diagnostics.Diagnosis;
using Tickwatch.Market.Diagnostics.Diagnosis.Rules;
using Tickwatch.Market.Diagnostics.RecentErrors;

namespace Tickwatch.Market.Tests.Diagnosis;

/// <summary>System resources, background services, recent errors and sections that did not answer.</summary>
public sealed class SystemRuleUnitTests
{
    [Theory]
    [InlineData(79.9, 900.0, null)]
    [InlineData(80.0, 900.0, "machine memory 80% used (the guide wants < 80%)")]
    [InlineData(40.0, 1100.0, "this process uses 1100 MB (above 1024 MB)")]
    public void Memory_warns_at_the_guides_eighty_percent_or_one_gigabyte(double usedPercent, double processMb, string? expected)
    {
        var system = Snapshots.System() with { Memory = Snapshots.System().Memory with { UsedPercent = usedPercent, ProcessWorkingSetMb = processMb } };

        var finding = new MemoryUsageRule().Finding(Snapshots.Healthy() with { System = system });

        Assert.Equal(expected, finding?.Symptom);
    }

    [Theory]
    [InlineData(69.9, null)]
    [InlineData(70.0, "above 70%")]
    [InlineData(80.1, "above 80%")]
    public void Cpu_warns_at_the_guides_seventy_and_eighty_percent(double percent, string? expected)
    {
        var finding = new CpuUsageRule().Finding(Snapshots.Healthy() with { System = Snapshots.System() with { Cpu = new CpuUsage(percent, 10, 100) } });

        Assert.Equal(expected is null ? null : Severity.Warning, finding?.Severity);
        if (expected is not null)
        {
            Assert.Contains(expected, finding!.Symptom, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_faulted_background_service_is_critical_with_its_error_and_the_restart_route()
    {
        var faulted = Snapshots.Service("warmup", ServiceState.Restarting, new ServiceError("store not reachable", "InvalidOperationException", Snapshots.At));

        var finding = new BackgroundServicesRule().Finding(Snapshots.Healthy() with { Services = Snapshots.Services(faulted) })!;

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("4 of 5 background services running", finding.Symptom);
        Assert.Contains("warmup (warmup) is restarting after InvalidOperationException: store not reachable (4 faults, 3 restarts)", finding.RootCause, StringComparison.Ordinal);
        Assert.Contains("POST /api/debug/services/warmup/restart", finding.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Starting_services_are_not_a_fault()
    {
        var snapshot = Snapshots.Healthy() with { Services = Snapshots.Services(Snapshots.Service("warmup", ServiceState.Starting)) };

        Assert.Null(new BackgroundServicesRule().Finding(snapshot));
    }

    [Fact]
    public void Errors_of_the_last_five_minutes_are_a_warning_quoting_the_newest_and_older_ones_are_not()
    {
        RecentError Entry(LogLevel level, double minutesAgo, string message) =>
            new(Snapshots.At.AddMinutes(-minutesAgo), level, "Tickwatch.Storage.Writing.PriceStoreWriter", 3004, "WriteFailed", message, null);

        var recent = Snapshots.Healthy() with
        {
            RecentErrors = Snapshots.RecentErrors(Entry(LogLevel.Error, 1, "write failed: MOVED"), Entry(LogLevel.Warning, 2, "slow"), Entry(LogLevel.Error, 4, "older")),
        };
        var old = Snapshots.Healthy() with { RecentErrors = Snapshots.RecentErrors(Entry(LogLevel.Error, 6, "long ago"), Entry(LogLevel.Warning, 1, "only a warning")) };

        var finding = new RecentErrorsRule().Finding(recent)!;

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("2 errors in the last 5 minutes", finding.Symptom);
        Assert.EndsWith("(Tickwatch.Storage.Writing.PriceStoreWriter, event 3004): write failed: MOVED", finding.RootCause, StringComparison.Ordinal);
        Assert.Null(new RecentErrorsRule().Finding(old));
    }

    [Fact]
    public void A_section_that_timed_out_is_reported_and_its_checks_stand_aside()
    {
        var snapshot = Snapshots.Healthy() with
        {
            Redis = null,
            Unavailable = [new UnavailableSection(ComprehensiveDiagnostics.RedisName, SectionStatus.TimedOut, "no answer within 2000 ms")],
        };

        var finding = new IncompleteDiagnosticsRule().Finding(snapshot)!;

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("\"incomplete_sections\": [redis_diagnostics]", finding.Symptom);
        Assert.Contains("redis_diagnostics timed out: the Redis cluster does not answer in time", finding.RootCause, StringComparison.Ordinal);
        Assert.Equal(RuleOutcome.NotApplicable, new RedisConnectedRule().Evaluate(snapshot));
    }
}
