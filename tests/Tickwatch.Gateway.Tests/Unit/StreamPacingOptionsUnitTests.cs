using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.Gateway.Tests.Unit;

/// <summary>The pacing settings' combinations, checked at start-up with messages that name what to change.</summary>
public sealed class StreamPacingOptionsUnitTests
{
    private readonly StreamOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_adaptive_pacing_within_its_bounds()
    {
        var options = new StreamOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(StreamPacing.Adaptive, options.EffectivePacing());
        Assert.True(options.MinSendGap <= options.MaxBatchDelay);
    }

    [Fact]
    public void Fixed_pacing_runs_at_the_send_interval_or_else_at_the_batch_ceiling()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(50), new StreamOptions { SendInterval = TimeSpan.FromMilliseconds(50) }.FixedInterval());
        Assert.Equal(TimeSpan.FromMilliseconds(30), new StreamOptions { Pacing = StreamPacing.Fixed, MaxBatchDelay = TimeSpan.FromMilliseconds(30) }.FixedInterval());
        Assert.True(_validator.Validate(null, new StreamOptions { Pacing = StreamPacing.Fixed, SendInterval = TimeSpan.FromMilliseconds(50) }).Succeeded);
    }

    [Fact]
    public void A_send_interval_with_adaptive_pacing_is_refused_with_what_to_set_instead()
    {
        var result = _validator.Validate(null, new StreamOptions { Pacing = StreamPacing.Adaptive, SendInterval = TimeSpan.FromMilliseconds(20) });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Gateway:Stream:SendInterval (00:00:00.0200000) is the interval of fixed pacing", failure, StringComparison.Ordinal);
        Assert.Contains("Gateway:Stream:MinSendGap and Gateway:Stream:MaxBatchDelay", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gap_longer_than_the_ceiling_and_bounds_out_of_range_are_each_reported()
    {
        var inverted = _validator.Validate(null, new StreamOptions { MinSendGap = TimeSpan.FromMilliseconds(30), MaxBatchDelay = TimeSpan.FromMilliseconds(10) });
        var outOfRange = _validator.Validate(null, new StreamOptions { MinSendGap = TimeSpan.FromMilliseconds(-1), MaxBatchDelay = TimeSpan.FromSeconds(2) });
        var overLag = _validator.Validate(null, new StreamOptions { MaxBatchDelay = TimeSpan.FromMilliseconds(500), MaxClientLag = TimeSpan.FromMilliseconds(500) });

        Assert.Equal(
            ["Gateway:Stream:MinSendGap (00:00:00.0300000) must not be longer than Gateway:Stream:MaxBatchDelay (00:00:00.0100000): the gap grows from the first to the second as the gateway's load rises."],
            inverted.Failures);
        Assert.Equal(2, outOfRange.Failures!.Count());
        Assert.All(outOfRange.Failures!, f => Assert.Contains("must be between 00:00:00 and 00:00:01", f, StringComparison.Ordinal));
        Assert.Equal(["Gateway:Stream:MaxBatchDelay (00:00:00.5000000) must be shorter than Gateway:Stream:MaxClientLag (00:00:00.5000000)."], overLag.Failures);
    }

    [Fact]
    public void An_undefined_pacing_is_refused()
    {
        var result = _validator.Validate(null, new StreamOptions { Pacing = (StreamPacing)7 });

        Assert.Equal(["Gateway:Stream:Pacing must be Adaptive or Fixed, not 7."], result.Failures);
    }
}
