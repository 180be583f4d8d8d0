using Tickwatch.Cli.Instances;

namespace Tickwatch.Cli.Tests.Instances;

public sealed class InstanceCountUnitTests
{
    [Theory]
    [InlineData("2", 2)]
    [InlineData("3", 3)]
    [InlineData("16", 16)]
    public void A_count_from_2_to_the_number_of_partitions_is_taken(string text, int expected)
    {
        Assert.True(InstanceCount.TryParse(text, out var count, out var error));
        Assert.Equal(expected, count);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("17")]
    [InlineData("-3")]
    [InlineData("2.5")]
    [InlineData(" 2")]
    [InlineData("two")]
    [InlineData("99999999999")]
    public void Anything_else_is_refused_with_the_allowed_range(string? text)
    {
        Assert.False(InstanceCount.TryParse(text, out var count, out var error));
        Assert.Equal(0, count);
        Assert.Contains($"--instances '{text}' must be a whole number from 2 to 16", error, StringComparison.Ordinal);
    }
}
