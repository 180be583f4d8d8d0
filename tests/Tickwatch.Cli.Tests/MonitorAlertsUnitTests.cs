using Tickwatch.Cli.Operations;
using Tickwatch.Testing;

namespace Tickwatch.Cli.Tests;

/// <summary>The monitor's alerts: the guide's lines verbatim, on the guide's conditions.</summary>
public sealed class MonitorAlertsUnitTests
{
    [Fact]
    public void The_alert_lines_are_the_guides_scripts_verbatim()
    {
        var script = RepositoryFiles.Read("scripts/monitor_production.sh");

        Assert.Contains($"echo \"{MonitorAlerts.RedisUnhealthy}\"", script, StringComparison.Ordinal);
        Assert.Contains($"echo \"{MonitorAlerts.WebSocketDown}\"", script, StringComparison.Ordinal);
        Assert.Contains($"echo \"{MonitorAlerts.StaleMarketData}\"", script, StringComparison.Ordinal);
        Assert.Contains("$FRESHNESS < 50", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_healthy_reading_raises_no_alert() => Assert.Empty(MonitorAlerts.For(new MonitorReading("ok", true, 100, [])));

    [Theory]
    [InlineData("fail", true, 100.0, MonitorAlerts.RedisUnhealthy)]
    [InlineData("error", true, 100.0, MonitorAlerts.RedisUnhealthy)]
    [InlineData("ok", false, 100.0, MonitorAlerts.WebSocketDown)]
    [InlineData("ok", true, 49.99, MonitorAlerts.StaleMarketData)]
    public void Each_condition_raises_its_own_alert(string redis, bool running, double freshness, string alert) =>
        Assert.Equal([alert], MonitorAlerts.For(new MonitorReading(redis, running, freshness, [])));

    [Fact]
    public void Freshness_of_exactly_fifty_is_not_stale_as_in_the_script() => Assert.Empty(MonitorAlerts.For(new MonitorReading("ok", true, 50, [])));

    [Fact]
    public void The_in_memory_store_is_not_an_unhealthy_cluster() => Assert.Empty(MonitorAlerts.For(new MonitorReading("not_applicable", true, 100, [])));
}
