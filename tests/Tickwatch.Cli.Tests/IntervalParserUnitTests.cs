using Tickwatch.Cli.Operations;

namespace Tickwatch.Cli.Tests;

/// <summary>Intervals as an operator writes them.</summary>
public sealed class IntervalParserUnitTests
{
    [Theory]
    [InlineData("60s", 60_000)]
    [InlineData("2m", 120_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("00:01:00", 60_000)]
    [InlineData("30", 30_000)]
    public void Reads_units_timespans_and_plain_seconds(string text, double milliseconds)
    {
        Assert.True(IntervalParser.TryParse(text, out var interval));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), interval);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-5s")]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    public void Refuses_what_is_not_a_positive_interval(string? text) => Assert.False(IntervalParser.TryParse(text, out _));
}
