using Microsoft.Extensions.Options;
using Tickwatch.Market.Dashboard;
using Tickwatch.Market.Tests.Support;

namespace Tickwatch.Market.Tests.Dashboard;

/// <summary>The dashboard's settings are checked at start, every problem reported at once.</summary>
public sealed class DashboardOptionsValidatorUnitTests
{
    [Fact]
    public void The_defaults_keep_five_minutes_at_one_point_a_second()
    {
        var options = new DashboardOptions();

        Assert.True(new DashboardOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(300, options.Capacity);
    }

    [Fact]
    public void Every_problem_is_reported()
    {
        var result = new DashboardOptionsValidator().Validate(null, new DashboardOptions { SampleInterval = TimeSpan.FromMilliseconds(10), History = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Collection(
            result.Failures,
            f => Assert.StartsWith("Dashboard:SampleInterval must be between", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:History must be at least SampleInterval", f, StringComparison.Ordinal));
    }

    [Fact]
    public void A_history_of_too_many_points_is_refused()
    {
        var result = new DashboardOptionsValidator().Validate(null, new DashboardOptions { SampleInterval = TimeSpan.FromMilliseconds(100), History = TimeSpan.FromDays(1) });

        Assert.Equal(["Dashboard:History / SampleInterval must be at most 86400 points (was 864000)."], result.Failures);
    }

    [Fact]
    public void The_market_service_refuses_to_start_with_them_among_its_other_errors()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MarketHost.Build(new Dictionary<string, string?>
        {
            ["Dashboard:SampleInterval"] = "00:05:00",
            ["Market:Port"] = "-1",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Dashboard:SampleInterval must be between", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Market:", StringComparison.Ordinal));
    }
}
