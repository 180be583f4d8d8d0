using Microsoft.Extensions.Time.Testing;
using Tickwatch.Market.Diagnostics.Comprehensive;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>Failed connection attempts per hour over the last hour, from the listeners' running totals.</summary>
public sealed class FeedFailureHistoryUnitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 14, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Within_the_first_hour_it_is_the_count_since_the_start()
    {
        var history = new FeedFailureHistory(_time, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(20));

        var rates = history.Record(Totals(json: 6, binary: 0));

        Assert.Equal(6, rates["json"]);
        Assert.Equal(0, rates["binary"]);
    }

    [Fact]
    public void Later_only_the_failures_of_the_last_hour_count()
    {
        var history = new FeedFailureHistory(_time, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(30));
        history.Record(Totals(json: 50, binary: 1));
        _time.Advance(TimeSpan.FromMinutes(30));
        history.Record(Totals(json: 52, binary: 1));

        // The newest reading at least an hour old is the one 60 minutes ago: 50 then, 53 now.
        _time.Advance(TimeSpan.FromMinutes(30));
        var rates = history.Record(Totals(json: 53, binary: 1));

        Assert.Equal(3, rates["json"]);
        Assert.Equal(0, rates["binary"]);
    }

    [Fact]
    public void Without_a_reading_an_hour_old_it_is_the_average_per_hour_since_the_start()
    {
        var history = new FeedFailureHistory(_time, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromHours(4));

        var rates = history.Record(Totals(json: 10, binary: 0));

        Assert.Equal(2.5, rates["json"]);
    }

    private static Dictionary<string, long> Totals(long json, long binary) => new() { ["json"] = json, ["binary"] = binary };
}
