namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>Binance SBE's split decimal, mantissa × 10^exponent, as an exact <see cref="decimal"/> and back.</summary>
internal static class SbeDecimal
{
    // decimal holds 28-29 digits and a scale of at most 28.
    private const int MaxScale = 28;

    private static readonly decimal[] PowersOfTen = [.. Enumerable.Range(0, MaxScale + 1).Select(Pow10)];

    /// <summary>False for the SBE null mantissa (int64 min) and for a value no decimal holds exactly.</summary>
    public static bool TryFrom(long mantissa, sbyte exponent, out decimal value)
    {
        value = default;
        if (mantissa == long.MinValue)
        {
            return false;
        }

        if (exponent <= 0)
        {
            // A negative exponent is the decimal's scale: the digits are kept as they are, trailing zeros too.
            if (exponent < -MaxScale)
            {
                return false;
            }

            var magnitude = (ulong)Math.Abs(mantissa);
            value = new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, mantissa < 0, (byte)-exponent);
            return true;
        }

        // A positive exponent scales up; |mantissa| < 9.3e18 times 10^9 always fits, beyond that it is checked.
        if (exponent > MaxScale || (exponent > 9 && Math.Abs((decimal)mantissa) > decimal.MaxValue / PowersOfTen[exponent]))
        {
            return false;
        }

        value = mantissa * PowersOfTen[exponent];
        return true;
    }

    /// <summary>The mantissa of <paramref name="value"/> at <paramref name="scale"/> decimal places (exponent −scale), exactly; false when it would lose digits or overflow int64.</summary>
    public static bool TryToMantissa(decimal value, int scale, out long mantissa)
    {
        mantissa = 0;
        if (scale < value.Scale || scale > MaxScale)
        {
            return false;
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((UInt128)unchecked((uint)bits[2]) << 64) | ((UInt128)unchecked((uint)bits[1]) << 32) | unchecked((uint)bits[0]);
        for (var i = value.Scale; i < scale; i++)
        {
            magnitude *= 10;
            if (magnitude > long.MaxValue)
            {
                return false;
            }
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        mantissa = value < 0 ? -(long)magnitude : (long)magnitude;
        return true;
    }

    private static decimal Pow10(int exponent)
    {
        var power = 1m;
        for (var i = 0; i < exponent; i++)
        {
            power *= 10m;
        }

        return power;
    }
}
