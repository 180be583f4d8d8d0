using CsCheck;
using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Tests.Prices;

public sealed class PriceVersionUnitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Time_decides_first_and_the_sequence_breaks_a_tie()
    {
        Assert.True(new PriceVersion(2, 0) > new PriceVersion(1, 999));
        Assert.True(new PriceVersion(1, 6) > new PriceVersion(1, 5));
        Assert.True(new PriceVersion(1, 5) >= new PriceVersion(1, 5));
        Assert.False(new PriceVersion(1, 5).Supersedes(new PriceVersion(1, 5)));
        Assert.True(new PriceVersion(1, 6).Supersedes(new PriceVersion(1, 5)));
        Assert.Equal(new PriceVersion(3, 1), PriceVersion.Max(new PriceVersion(3, 1), new PriceVersion(2, 9)));
    }

    [Fact]
    public void A_price_with_a_source_time_and_sequence_is_ordered_by_them()
    {
        var version = PriceVersion.Of(sourceTime: T0.AddTicks(15), receivedAt: T0.AddSeconds(1), sourceSequence: 42, bookSequence: 7);

        Assert.Equal(PriceVersion.ToUnixMicros(T0) + 1, version.TimestampMicros);
        Assert.Equal(42, version.Sequence);
    }

    [Fact]
    public void A_price_without_them_is_ordered_by_its_receipt_and_book_sequence()
    {
        var version = PriceVersion.Of(sourceTime: null, receivedAt: T0.AddSeconds(1), sourceSequence: null, bookSequence: 7);

        Assert.Equal(PriceVersion.ToUnixMicros(T0.AddSeconds(1)), version.TimestampMicros);
        Assert.Equal(7, version.Sequence);
    }

    [Fact]
    public void Microseconds_round_trip_and_print_plainly()
    {
        var micros = PriceVersion.ToUnixMicros(T0.AddTicks(1234567));
        Assert.Equal(T0.AddTicks(1234560), PriceVersion.FromUnixMicros(micros));
        Assert.Equal("1767605400000000/3", new PriceVersion(1_767_605_400_000_000, 3).ToString());
    }

    [Fact]
    public void The_order_is_total_and_agrees_with_comparing_the_pairs()
    {
        Gen.Select(Gen.Long[-5, 5], Gen.Long[-5, 5], Gen.Long[-5, 5], Gen.Long[-5, 5]).Sample((t1, s1, t2, s2) =>
        {
            var (a, b) = (new PriceVersion(t1, s1), new PriceVersion(t2, s2));
            var expected = (t1, s1).CompareTo((t2, s2));
            return Math.Sign(a.CompareTo(b)) == Math.Sign(expected)
                && (a > b) == (expected > 0)
                && (a == b) == (expected == 0)
                && a.Supersedes(b) == (expected > 0);
        });
    }
}
