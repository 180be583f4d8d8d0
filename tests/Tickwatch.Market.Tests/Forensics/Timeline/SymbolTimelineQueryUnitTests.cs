using Tickwatch.Market.Forensics.Timeline;

namespace Tickwatch.Market.Tests.Forensics.Timeline;

/// <summary>Reading <c>?from=&amp;to=&amp;limit=</c>: unix milliseconds or ISO 8601, the defaults, and every problem named at once.</summary>
public sealed class SymbolTimelineQueryUnitTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    [Fact]
    public void Without_parameters_it_is_the_last_minute_with_the_default_limit()
    {
        Assert.True(SymbolTimelineQuery.TryParse(null, null, null, Now, Window, out var query, out _));

        Assert.Equal(new SymbolTimelineQuery(Now.AddSeconds(-60), Now, SymbolTimelineQuery.DefaultLimit), query);
    }

    [Theory]
    [InlineData("1767605400000")]
    [InlineData("2026-01-05T09:30:00Z")]
    [InlineData("2026-01-05T10:30:00+01:00")]
    [InlineData("2026-01-05T09:30:00")]
    [InlineData("2026-01-05T09:30:00.000Z")]
    public void An_instant_is_unix_milliseconds_or_ISO_8601_in_UTC_unless_it_says_otherwise(string to)
    {
        Assert.True(SymbolTimelineQuery.TryParse(null, to, "5", Now.AddHours(1), Window, out var query, out _));

        Assert.Equal(new SymbolTimelineQuery(Now.AddSeconds(-60), Now, 5), query);
        Assert.Equal(TimeSpan.Zero, query.To.Offset);
    }

    [Fact]
    public void A_from_alone_runs_to_now()
    {
        Assert.True(SymbolTimelineQuery.TryParse("1767605100000", null, null, Now, Window, out var query, out _));

        Assert.Equal((Now.AddMinutes(-5), Now), (query.From, query.To));
    }

    [Fact]
    public void Every_bad_parameter_is_named_at_once()
    {
        Assert.False(SymbolTimelineQuery.TryParse("yesterday", "2026-13-45T00:00:00Z", "0", Now, Window, out _, out var errors));

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("to must be unix milliseconds", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("from must be unix milliseconds", errors[1], StringComparison.Ordinal);
        Assert.Contains("(was 'yesterday')", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("limit must be a whole number from 1 to 10000", errors[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10001")]
    [InlineData("-1")]
    [InlineData("12abc")]
    [InlineData("")]
    public void A_limit_out_of_range_or_not_a_number_is_refused(string limit)
    {
        Assert.False(SymbolTimelineQuery.TryParse(null, null, limit, Now, Window, out _, out var errors));

        Assert.StartsWith("limit must be", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_span_that_ends_before_it_starts_is_refused()
    {
        Assert.False(SymbolTimelineQuery.TryParse("1767605400001", "1767605400000", null, Now, Window, out _, out var errors));

        Assert.Equal("from (2026-01-05T09:30:00.0010000+00:00) must not be after to (2026-01-05T09:30:00.0000000+00:00).", Assert.Single(errors));
    }

    [Fact]
    public void A_span_longer_than_the_window_is_refused_with_both_lengths()
    {
        Assert.False(SymbolTimelineQuery.TryParse("2026-01-05T09:19:59Z", null, null, Now, Window, out _, out var errors));

        Assert.Contains("is 601 s; at most 600 s", Assert.Single(errors), StringComparison.Ordinal);
        Assert.True(SymbolTimelineQuery.TryParse("2026-01-05T09:20:00Z", null, null, Now, Window, out _, out _));
    }

    [Fact]
    public void Milliseconds_beyond_what_a_date_can_hold_are_a_bad_instant_not_a_crash()
    {
        Assert.False(SymbolTimelineQuery.TryParse("99999999999999999", null, null, Now, Window, out _, out var errors));

        Assert.StartsWith("from must be unix milliseconds", Assert.Single(errors), StringComparison.Ordinal);
    }
}
