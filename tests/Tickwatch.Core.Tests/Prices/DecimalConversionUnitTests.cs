using System.Globalization;
using CsCheck;
using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Tests.Prices;

public sealed class DecimalConversionUnitTests
{
    [Theory]
    [InlineData(1.0852, "1.0852")]
    [InlineData(1.085, "1.085")]
    [InlineData(151.42, "151.42")]
    [InlineData(0.00001, "0.00001")]
    [InlineData(67842.15, "67842.15")]
    [InlineData(1e-8, "0.00000001")]
    [InlineData(-1.0852, "-1.0852")]
    [InlineData(-0.00001, "-0.00001")]
    [InlineData(38715.0, "38715")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.3, "0.3")]
    [InlineData(0.0, "0")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(1.23456789012345, "1.23456789012345")]
    public void Typical_prices_convert_to_their_shortest_decimal(double value, string expected)
    {
        Assert.True(DecimalConversion.TryFromDouble(value, out var result));

        Assert.Equal(expected, result.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_double_that_is_not_exactly_a_short_decimal_keeps_all_its_round_trip_digits()
    {
        // 0.1 + 0.2 is 0.30000000000000004 as a double: the shortest text that reads back as that double.
        Assert.True(DecimalConversion.TryFromDouble(0.1 + 0.2, out var result));

        Assert.Equal(0.30000000000000004m, result);
        Assert.Equal(0.1 + 0.2, (double)result);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(1e30)]
    [InlineData(-1e30)]
    [InlineData(double.MaxValue)]
    public void Non_finite_and_out_of_range_values_are_refused(double value)
    {
        Assert.False(DecimalConversion.TryFromDouble(value, out var result));
        Assert.Equal(0m, result);
    }

    [Fact]
    public void Decimals_of_up_to_15_significant_digits_survive_a_trip_through_double()
    {
        // Up to 15 significant digits every decimal has a distinct double, and (double)d is correctly
        // rounded when the scale keeps 10^scale exact in a double (scale <= 22).
        var gen = Gen.Select(Gen.Long[-999_999_999_999_999, 999_999_999_999_999], Gen.Int[0, 22], (mantissa, scale) =>
            new decimal(
                unchecked((int)(uint)Math.Abs(mantissa)),
                unchecked((int)(uint)(Math.Abs(mantissa) >> 32)),
                0,
                mantissa < 0,
                (byte)scale));

        gen.Sample(d =>
        {
            Assert.True(DecimalConversion.TryFromDouble((double)d, out var result));
            Assert.Equal(d, result);
        }, iter: 100_000);
    }

    [Fact]
    public void Short_decimals_come_back_with_no_trailing_digits()
    {
        // Shortest means no noise digits: a 5-decimal quote never turns into 1.0852000000000001.
        Gen.Select(Gen.Int[1, 99_999_999], Gen.Int[0, 8]).Sample((mantissa, scale) =>
        {
            var d = new decimal(mantissa, 0, 0, false, (byte)scale);
            Assert.True(DecimalConversion.TryFromDouble((double)d, out var result));
            Assert.True(result.Scale <= scale, $"{d} came back as {result}");
        }, iter: 20_000);
    }
}
