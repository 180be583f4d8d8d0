using Tickwatch.Market.Forensics.Timeline;

namespace Tickwatch.Market.Tests.Forensics.Timeline;

public sealed class SymbolTimelineOptionsValidatorUnitTests
{
    [Fact]
    public void The_defaults_are_valid_and_their_budget_is_the_stated_one()
    {
        var options = new SymbolTimelineOptions();

        Assert.True(new SymbolTimelineOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((TimeSpan.FromMinutes(10), 8_192, 128), (options.TimelineWindow, options.TimelinePerSymbol, options.TimelineSymbols));
        Assert.Equal(128L * 8_192 * 72, options.BudgetBytes);
    }

    [Fact]
    public void Every_bound_out_of_range_is_reported_at_once()
    {
        var result = new SymbolTimelineOptionsValidator().Validate(null, new SymbolTimelineOptions
        {
            TimelineWindow = TimeSpan.FromSeconds(1),
            TimelinePerSymbol = 10,
            TimelineSymbols = 0,
        });

        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Forensics:TimelineWindow must be between", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Forensics:TimelinePerSymbol must be between 64 and", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Forensics:TimelineSymbols must be between 1 and", StringComparison.Ordinal));
    }

    [Fact]
    public void Caps_that_together_exceed_a_gibibyte_are_refused()
    {
        var result = new SymbolTimelineOptionsValidator().Validate(null, new SymbolTimelineOptions { TimelinePerSymbol = 1_048_576, TimelineSymbols = 100 });

        Assert.StartsWith("Forensics:TimelinePerSymbol × TimelineSymbols × 72 bytes must stay within 1024 MiB", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
